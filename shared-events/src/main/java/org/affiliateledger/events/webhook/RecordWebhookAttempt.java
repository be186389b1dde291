package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * Command: the outcome of one HTTP attempt of a message to an endpoint, reported by the delivery transport (which made
 * the call) to the delivery it belongs to. Every input the delivery saga's next decision needs is here, so the event
 * it becomes explains that decision.
 *
 * @param deliveryId   {@link #deliveryId(String, String)} of the message and the endpoint
 * @param attempt      the attempt's number for this delivery, replays included (1 = the first)
 * @param statusCode   the endpoint's HTTP status; null when no answer came (then {@code error} says why)
 * @param retryAfterSeconds the endpoint's {@code Retry-After} on a 429/503, null otherwise
 * @param replay       this attempt is a replay asked for by a person (the schedule starts again from it)
 * @param overtaken    the attempt outlived its lease and another node took the delivery over: it counts, and the other
 *                     attempt's outcome decides what comes next
 * @param recordedAt   when the outcome was recorded: the next attempt's delay runs from here
 */
public record RecordWebhookAttempt(@TargetAggregateIdentifier String deliveryId, String merchantId, String messageId,
                                   String endpointId, int attempt, Instant attemptedAt, @Nullable Integer statusCode,
                                   long durationMs, @Nullable String error, @Nullable Long retryAfterSeconds, boolean replay,
                                   boolean overtaken, Instant recordedAt) {

    /** The id of a message's delivery to one endpoint: {@code msg_…:whe_…}. */
    public static String deliveryId(String messageId, String endpointId) {
        return messageId + ":" + endpointId;
    }
}
