package org.affiliateledger.events.webhook;

import java.time.Instant;

/** A message reached an endpoint: it answered 2xx. The delivery is done (unless a replay is due). */
public record WebhookAttemptSucceeded(String deliveryId, String merchantId, String messageId, String endpointId, int attempt,
                                      Instant attemptedAt, int statusCode, long durationMs, boolean replay, boolean overtaken,
                                      Instant recordedAt) {
}
