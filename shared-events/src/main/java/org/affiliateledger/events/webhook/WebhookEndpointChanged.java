package org.affiliateledger.events.webhook;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/** The endpoint's settings changed; a null field kept its value. */
public record WebhookEndpointChanged(String endpointId, String merchantId, @Nullable String url, @Nullable String description,
                                     @Nullable List<String> eventTypes, Instant changedAt) implements WebhookEndpointEvent {
}
