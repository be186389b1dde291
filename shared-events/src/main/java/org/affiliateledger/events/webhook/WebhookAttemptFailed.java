package org.affiliateledger.events.webhook;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * An attempt of a message to an endpoint did not deliver it: a non-2xx answer, or none ({@code error} says why).
 * {@code endpointGone} (a 410) disables the endpoint at once; otherwise the delivery saga schedules the next attempt on
 * the backoff (a {@code Retry-After} may postpone it) or, after the last, fails the delivery.
 */
public record WebhookAttemptFailed(String deliveryId, String merchantId, String messageId, String endpointId, int attempt,
                                   Instant attemptedAt, @Nullable Integer statusCode, long durationMs, @Nullable String error,
                                   @Nullable Long retryAfterSeconds, boolean endpointGone, boolean replay, boolean overtaken,
                                   Instant recordedAt) {
}
