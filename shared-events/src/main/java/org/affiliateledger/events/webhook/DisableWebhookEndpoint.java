package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Command: disable the endpoint (its pending deliveries are parked), because its merchant asked or because it answered
 * 410 Gone.
 *
 * @param enabledNow whether it is enabled now (the sender loads it)
 * @param gone       whether it answered 410 Gone (the delivery's outcome); false: its merchant disables it
 */
public record DisableWebhookEndpoint(@TargetAggregateIdentifier String endpointId, String merchantId, boolean enabledNow,
                                     boolean gone, Instant at) {

    /** The merchant disables it. */
    public DisableWebhookEndpoint(String endpointId, String merchantId, boolean enabledNow, Instant at) {
        this(endpointId, merchantId, enabledNow, false, at);
    }
}
