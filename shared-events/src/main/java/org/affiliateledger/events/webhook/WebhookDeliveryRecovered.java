package org.affiliateledger.events.webhook;

import java.time.Instant;

/** A failed or parked delivery was scheduled again by its endpoint's recovery since {@code since}. */
public record WebhookDeliveryRecovered(String deliveryId, String merchantId, String messageId, String endpointId,
                                       Instant since, Instant dueAt) {
}
