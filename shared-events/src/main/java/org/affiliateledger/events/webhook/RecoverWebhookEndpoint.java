package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Command: send again what failed or was parked to the endpoint since {@code since}.
 *
 * @param enabledNow whether the endpoint is enabled now (the coordinator loads it): a disabled one is refused
 * @param deliveries how many deliveries the coordinator found to recover (each then gets its own
 *                   {@link RecoverWebhookDelivery})
 */
public record RecoverWebhookEndpoint(@TargetAggregateIdentifier String endpointId, String merchantId, boolean enabledNow,
                                     Instant since, int deliveries, Instant at) {
}
