package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * Command: {@link RecordWebhookAttempt} for a delivery whose history has not started yet (its first attempt, no replay
 * or recovery before it), so the delivery is created without being loaded: the transport knows from the delivery's row
 * that there is nothing to load, and two reads of the event store are saved on almost every delivery. Should the
 * delivery have a history after all, the event store's unique (aggregate, sequence) refuses the event, nothing is
 * recorded, and the transport reports the same outcome again as {@link RecordWebhookAttempt}.
 */
public record RecordFirstWebhookAttempt(@TargetAggregateIdentifier String deliveryId, String merchantId, String messageId,
                                        String endpointId, int attempt, Instant attemptedAt, @Nullable Integer statusCode,
                                        long durationMs, @Nullable String error, @Nullable Long retryAfterSeconds,
                                        boolean replay, boolean overtaken, Instant recordedAt) {

    public static RecordFirstWebhookAttempt of(RecordWebhookAttempt attempt) {
        return new RecordFirstWebhookAttempt(attempt.deliveryId(), attempt.merchantId(), attempt.messageId(),
                attempt.endpointId(), attempt.attempt(), attempt.attemptedAt(), attempt.statusCode(), attempt.durationMs(),
                attempt.error(), attempt.retryAfterSeconds(), attempt.replay(), attempt.overtaken(), attempt.recordedAt());
    }

    /** The same outcome, for a delivery that is loaded first. */
    public RecordWebhookAttempt asAttempt() {
        return new RecordWebhookAttempt(deliveryId, merchantId, messageId, endpointId, attempt, attemptedAt, statusCode,
                durationMs, error, retryAfterSeconds, replay, overtaken, recordedAt);
    }
}
