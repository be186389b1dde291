package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Command: a failed or parked delivery starts its schedule again, one of those an endpoint's recovery since
 * {@code since} found ({@link RecoverWebhookEndpoint}).
 */
public record RecoverWebhookDelivery(@TargetAggregateIdentifier String deliveryId, String merchantId, String messageId,
                                     String endpointId, Instant since, Instant dueAt) {
}
