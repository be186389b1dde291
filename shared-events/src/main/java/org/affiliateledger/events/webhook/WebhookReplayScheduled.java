package org.affiliateledger.events.webhook;

import java.time.Instant;

/** A person asked for one more attempt of the message to the endpoint; the schedule starts again from it. */
public record WebhookReplayScheduled(String deliveryId, String merchantId, String messageId, String endpointId, Instant dueAt) {
}
