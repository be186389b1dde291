package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Command: the merchant deletes the endpoint. */
public record DeleteWebhookEndpoint(@TargetAggregateIdentifier String endpointId, String merchantId, Instant at) {
}
