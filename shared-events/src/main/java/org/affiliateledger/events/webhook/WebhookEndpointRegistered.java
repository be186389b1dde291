package org.affiliateledger.events.webhook;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A merchant's endpoint exists: where messages go and which types it receives (empty: every type). Its first signing
 * secret was issued with it; the secret itself is stored sealed, never in the history.
 */
public record WebhookEndpointRegistered(String endpointId, String merchantId, String url, @Nullable String description,
                                        List<String> eventTypes, boolean enabled, Instant registeredAt) implements WebhookEndpointEvent {
}
