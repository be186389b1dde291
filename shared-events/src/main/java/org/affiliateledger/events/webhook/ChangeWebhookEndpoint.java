package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * Command: the merchant changes the endpoint's settings; only what is given (not null) changes.
 *
 * @param url checked already against private targets by the sender (that check resolves the host)
 */
public record ChangeWebhookEndpoint(@TargetAggregateIdentifier String endpointId, String merchantId, @Nullable String url,
                                    @Nullable String description, @Nullable List<String> eventTypes, Instant at) {
}
