package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Command: the merchant asks for a new signing secret (issued and stored sealed by the sender, never in the history). */
public record RotateWebhookSecret(@TargetAggregateIdentifier String endpointId, String merchantId, Instant at) {
}
