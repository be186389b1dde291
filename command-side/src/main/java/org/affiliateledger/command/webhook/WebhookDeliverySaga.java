package org.affiliateledger.command.webhook;

import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.affiliateledger.events.webhook.WebhookAttemptSucceeded;
import org.affiliateledger.events.webhook.WebhookDeliveryRecovered;
import org.affiliateledger.events.webhook.WebhookReplayScheduled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * The webhook delivery saga: one instance per message and endpoint, started when the outbox routes a message to the
 * endpoint; it decides each attempt and schedules the next on the documented backoff ({@link DeliveryDecision}), and
 * ends when the message is delivered, failed or parked; a replay or a recovery (events of {@link WebhookDelivery})
 * schedules it again. The HTTP call is not made here: the transport
 * ({@link WebhookDispatcher}) claims the deliveries whose deadline has come, calls the endpoint and reports the outcome
 * as a command ({@code RecordWebhookAttempt}), whose event ({@code WebhookAttemptSucceeded}/{@code Failed}) this saga
 * follows.
 * <p>
 * For throughput the instances are not Axon saga entries but rows of {@code webhook_deliveries} (state: attempts,
 * schedule start, replays due, whether the delivery's history has started; association: message id + endpoint id), and
 * their deadlines are that table's indexed {@code next_attempt_at} column, which the transport polls with
 * {@code FOR UPDATE SKIP LOCKED}: persistent, shared by every node, and one row update per attempt instead of a saga
 * entry, association rows and a scheduler task each. It
 * runs in a subscribing processor ({@value #GROUP}), so the attempt's event, its log row and this decision commit
 * together, and a delivery is never claimed again before its outcome is decided.
 */
@Component
@ProcessingGroup(WebhookDeliverySaga.GROUP)
public class WebhookDeliverySaga {
    public static final String GROUP = "webhook-delivery-saga";
    private final JdbcClient jdbc;

    public WebhookDeliverySaga(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WebhookAttemptSucceeded event) {
        decide(event.messageId(), event.endpointId(), new DeliveryDecision.Outcome(event.attempt(), true, false, null,
                event.replay(), event.overtaken(), event.recordedAt()), event.attemptedAt(), event.statusCode(), null);
    }

    @EventHandler
    void on(WebhookAttemptFailed event) {
        Duration retryAfter = event.retryAfterSeconds() == null ? null : Duration.ofSeconds(event.retryAfterSeconds());
        decide(event.messageId(), event.endpointId(), new DeliveryDecision.Outcome(event.attempt(), false, event.endpointGone(),
                retryAfter, event.replay(), event.overtaken(), event.recordedAt()), event.attemptedAt(), event.statusCode(),
                event.error());
    }

    /** A replay: due at once, one more attempt (a row is made for an endpoint the message was not routed to). */
    @EventHandler
    void on(WebhookReplayScheduled event) {
        Timestamp due = Timestamp.from(event.dueAt());
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (message_id, endpoint_id, merchant_id, status, next_attempt_at,
                                                        replays_due, history_started, created_at, updated_at)
                        VALUES (?, ?, ?, 'pending', ?, 1, TRUE, ?, ?)
                        ON CONFLICT (message_id, endpoint_id) DO UPDATE SET status = 'pending',
                            replays_due = webhook_deliveries.replays_due + 1, history_started = TRUE,
                            next_attempt_at = LEAST(COALESCE(webhook_deliveries.next_attempt_at, EXCLUDED.next_attempt_at),
                                                    EXCLUDED.next_attempt_at),
                            updated_at = EXCLUDED.updated_at""")
                .params(event.messageId(), event.endpointId(), event.merchantId(), due, now, now)
                .update();
    }

    /** A recovery: the schedule starts again from the attempts made, the first one due at once. */
    @EventHandler
    void on(WebhookDeliveryRecovered event) {
        jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'pending', schedule_base = attempts, replays_due = 0,
                                                      history_started = TRUE, next_attempt_at = ?, updated_at = ?
                        WHERE message_id = ? AND endpoint_id = ? AND status IN ('failed', 'parked')""")
                .params(Timestamp.from(event.dueAt()), Timestamp.from(Instant.now()), event.messageId(), event.endpointId())
                .update();
    }

    private void decide(String messageId, String endpointId, DeliveryDecision.Outcome outcome, Instant attemptedAt,
                        Integer statusCode, String error) {
        DeliveryDecision.State state = jdbc.sql("""
                        SELECT attempts, schedule_base, replays_due FROM webhook_deliveries
                        WHERE message_id = ? AND endpoint_id = ? FOR UPDATE""")
                .params(messageId, endpointId)
                .query((rs, n) -> new DeliveryDecision.State(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
                .optional().orElse(null);
        if (state == null) {
            return; // a delivery removed meanwhile: nothing to schedule
        }
        DeliveryDecision next = DeliveryDecision.after(state, outcome);
        Timestamp now = Timestamp.from(Instant.now());
        if (next.onlyCount()) {
            jdbc.sql("""
                            UPDATE webhook_deliveries SET attempts = GREATEST(attempts, ?), history_started = TRUE
                            WHERE message_id = ? AND endpoint_id = ?""")
                    .params(next.attempts(), messageId, endpointId)
                    .update();
            return;
        }
        // a 410 Gone (next.disableEndpoint()) disables the endpoint as a command of its own: GoneEndpoints
        jdbc.sql("""
                        UPDATE webhook_deliveries SET status = ?, attempts = ?, schedule_base = ?, replays_due = ?,
                               next_attempt_at = ?, last_attempt_at = ?, last_status_code = ?, last_error = ?,
                               lease_owner = NULL, lease_until = NULL, history_started = TRUE, updated_at = ?
                        WHERE message_id = ? AND endpoint_id = ?""")
                .params(next.status().wire(), next.attempts(), next.scheduleBase(), next.replaysDue(),
                        next.nextAttemptAt() == null ? null : Timestamp.from(next.nextAttemptAt()), Timestamp.from(attemptedAt),
                        statusCode, error, now, messageId, endpointId)
                .update();
    }
}
