package org.affiliateledger.events.webhook;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * An endpoint registered before its changes were events, as it stood when its history began: its settings, whether it
 * was enabled (and why not), when it was registered and, if so, deleted. What happened to it before is not known.
 */
public record WebhookEndpointHistoryStarted(String endpointId, String merchantId, String url, @Nullable String description,
                                            List<String> eventTypes, boolean enabled, @Nullable String disabledReason,
                                            Instant registeredAt, @Nullable Instant deletedAt)
        implements WebhookEndpointEvent {
}
