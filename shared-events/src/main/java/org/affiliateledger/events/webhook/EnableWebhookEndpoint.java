package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Command: the merchant enables the endpoint again (what was parked stays parked until a replay or a recovery).
 *
 * @param enabledNow whether it is enabled now (the coordinator loads it)
 */
public record EnableWebhookEndpoint(@TargetAggregateIdentifier String endpointId, String merchantId, boolean enabledNow,
                                    Instant at) {
}
