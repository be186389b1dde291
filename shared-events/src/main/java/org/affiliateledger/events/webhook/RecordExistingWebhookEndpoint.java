package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * Command (one-off migration): record an endpoint registered before its changes were events, as its row stands now,
 * so its history says what it is. Nothing is recorded for an endpoint whose history says so already.
 */
public record RecordExistingWebhookEndpoint(@TargetAggregateIdentifier String endpointId, String merchantId, String url,
                                            @Nullable String description, List<String> eventTypes, boolean enabled,
                                            @Nullable String disabledReason, Instant registeredAt,
                                            @Nullable Instant deletedAt) {
}
