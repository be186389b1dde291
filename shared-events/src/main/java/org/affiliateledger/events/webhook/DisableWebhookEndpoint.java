package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Command: the merchant disables the endpoint (its pending deliveries are parked).
 *
 * @param enabledNow whether it is enabled now (the coordinator loads it; a 410 Gone answer also disables it)
 */
public record DisableWebhookEndpoint(@TargetAggregateIdentifier String endpointId, String merchantId, boolean enabledNow,
                                     Instant at) {
}
