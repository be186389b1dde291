package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Command: one more attempt of a message to one endpoint, asked for by a person (the API's replay or the dashboard's).
 *
 * @param endpointEnabled whether the endpoint is enabled now (the coordinator loads it): a disabled one is refused
 * @param dueAt           when the attempt is due: at once
 */
public record ReplayWebhookDelivery(@TargetAggregateIdentifier String deliveryId, String merchantId, String messageId,
                                    String endpointId, boolean endpointEnabled, Instant dueAt) {
}
