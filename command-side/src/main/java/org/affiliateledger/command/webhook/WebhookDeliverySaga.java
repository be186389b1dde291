package org.affiliateledger.command.webhook;

import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.affiliateledger.events.webhook.WebhookAttemptSucceeded;
import org.affiliateledger.events.webhook.WebhookDeliveryRecovered;
import org.affiliateledger.events.webhook.WebhookReplayScheduled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * together, and a delivery is never claimed again before its outcome is decided. The transport records outcomes in
 * groups, so their events arrive here as one batch: the saga reads (and locks) the states of the batch's deliveries in
 * one statement and writes its decisions in one statement when the batch commits, deciding each event in order on the
 * state the previous ones left; a write that touches the rows otherwise (a replay, a recovery) first writes the
 * decisions made before it, and a batch with a 410 (whose endpoint's disabling parks its deliveries) writes each
 * decision at once, so the rows change in the events' order.
 */
@Component
@ProcessingGroup(WebhookDeliverySaga.GROUP)
public class WebhookDeliverySaga {
    public static final String GROUP = "webhook-delivery-saga";
    private static final String DECISIONS = WebhookDeliverySaga.class.getName() + ".decisions";
    private static final String ROW = "(?, ?, ?::text, ?::int, ?::int, ?::int, ?::timestamptz, ?::timestamptz, ?::int, ?::text, "
            + "?::timestamptz)";
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
        decisions().writeBefore(key(event.messageId(), event.endpointId()));
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
        decisions().writeBefore(key(event.messageId(), event.endpointId()));
        jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'pending', schedule_base = attempts, replays_due = 0,
                                                      history_started = TRUE, next_attempt_at = ?, updated_at = ?
                        WHERE message_id = ? AND endpoint_id = ? AND status IN ('failed', 'parked')""")
                .params(Timestamp.from(event.dueAt()), Timestamp.from(Instant.now()), event.messageId(), event.endpointId())
                .update();
    }

    private void decide(String messageId, String endpointId, DeliveryDecision.Outcome outcome, Instant attemptedAt,
                        Integer statusCode, String error) {
        Decisions decisions = decisions();
        String key = key(messageId, endpointId);
        DeliveryDecision.State state = decisions.state(key);
        if (state == null) {
            return; // a delivery removed meanwhile: nothing to schedule
        }
        DeliveryDecision next = DeliveryDecision.after(state, outcome);
        Timestamp now = Timestamp.from(Instant.now());
        if (next.onlyCount()) {
            decisions.writeBefore(key);
            jdbc.sql("""
                            UPDATE webhook_deliveries SET attempts = GREATEST(attempts, ?), history_started = TRUE
                            WHERE message_id = ? AND endpoint_id = ?""")
                    .params(next.attempts(), messageId, endpointId)
                    .update();
            return;
        }
        // a 410 Gone (outcome.endpointGone()) disables the endpoint as a command of its own (GoneEndpoints), whose row
        // parks the endpoint's pending deliveries (only their status: the states read here stay right); in a batch
        // with a 410 every decision is written at once, so the rows change in the events' order as before
        decisions.decided(key, new DeliveryDecision.State(next.attempts(), next.scheduleBase(), next.replaysDue()),
                new Object[]{messageId, endpointId, next.status().wire(), next.attempts(), next.scheduleBase(),
                        next.replaysDue(), next.nextAttemptAt() == null ? null : Timestamp.from(next.nextAttemptAt()),
                        Timestamp.from(attemptedAt), statusCode, error, now});
    }

    private static String key(String messageId, String endpointId) {
        return messageId + " " + endpointId;
    }

    /** The decisions of the batch of events being handled (one per unit of work), written when it commits. */
    private Decisions decisions() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(DECISIONS, name -> {
            Decisions decisions = new Decisions(unitOfWork);
            unitOfWork.onPrepareCommit(u -> decisions.writeBefore(null));
            return decisions;
        });
    }

    private final class Decisions {
        private final UnitOfWork<?> unitOfWork;
        /** The states read or decided so far; a key present with null: no such delivery. */
        private final Map<String, DeliveryDecision.State> states = new HashMap<>();
        /** The rows to write, one per delivery (its last decision), in the order decided. */
        private final Map<String, Object[]> writes = new LinkedHashMap<>();
        /** The batch has a 410: its endpoint's parking (another handler's) must come after the decisions before it. */
        private boolean writeAtOnce;

        Decisions(UnitOfWork<?> unitOfWork) {
            this.unitOfWork = unitOfWork;
        }

        /** The delivery's state; on the first miss, those of every delivery the batch's attempts name, read and locked at once. */
        DeliveryDecision.State state(String key) {
            if (!states.containsKey(key)) {
                Set<String> keys = new HashSet<>();
                keys.add(key);
                if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
                    for (Message<?> message : batch.getMessages()) {
                        if (message.getPayload() instanceof WebhookAttemptSucceeded e) {
                            keys.add(key(e.messageId(), e.endpointId()));
                        } else if (message.getPayload() instanceof WebhookAttemptFailed e) {
                            keys.add(key(e.messageId(), e.endpointId()));
                            writeAtOnce |= e.endpointGone();
                        }
                    }
                }
                keys.removeAll(states.keySet());
                read(keys);
            }
            return states.get(key);
        }

        private void read(Set<String> keys) {
            List<Object> params = new ArrayList<>(keys.size() * 2);
            for (String key : keys) {
                int space = key.indexOf(' ');
                params.add(key.substring(0, space));
                params.add(key.substring(space + 1));
                states.put(key, null);
            }
            jdbc.sql("""
                            SELECT d.message_id, d.endpoint_id, d.attempts, d.schedule_base, d.replays_due
                            FROM webhook_deliveries d JOIN (VALUES %s) AS t (message_id, endpoint_id)
                              ON d.message_id = t.message_id AND d.endpoint_id = t.endpoint_id
                            ORDER BY d.message_id, d.endpoint_id FOR UPDATE OF d"""
                            .formatted(String.join(", ", Collections.nCopies(keys.size(), "(?, ?)"))))
                    .params(params)
                    .query(rs -> {
                        states.put(key(rs.getString(1), rs.getString(2)),
                                new DeliveryDecision.State(rs.getInt(3), rs.getInt(4), rs.getInt(5)));
                    });
        }

        void decided(String key, DeliveryDecision.State state, Object[] row) {
            states.put(key, state);
            writes.remove(key); // re-inserted last: its write follows the writes decided before it
            writes.put(key, row);
            if (writeAtOnce) {
                writeBefore(null);
            }
        }

        /**
         * Writes the decisions made so far, before a write of the saga's own that touches the rows otherwise; the state of
         * {@code key} (if not null) is forgotten, as that write changes it.
         */
        void writeBefore(String key) {
            if (key != null) {
                states.remove(key);
            }
            if (writes.isEmpty()) {
                return;
            }
            List<Object> params = new ArrayList<>(writes.size() * 11);
            for (Object[] row : writes.values()) {
                Collections.addAll(params, row);
            }
            jdbc.sql("""
                            UPDATE webhook_deliveries d SET status = v.status, attempts = v.attempts,
                                   schedule_base = v.schedule_base, replays_due = v.replays_due,
                                   next_attempt_at = v.next_attempt_at, last_attempt_at = v.last_attempt_at,
                                   last_status_code = v.last_status_code, last_error = v.last_error,
                                   lease_owner = NULL, lease_until = NULL, history_started = TRUE, updated_at = v.updated_at
                            FROM (VALUES %s) AS v (message_id, endpoint_id, status, attempts, schedule_base, replays_due,
                                                   next_attempt_at, last_attempt_at, last_status_code, last_error, updated_at)
                            WHERE d.message_id = v.message_id AND d.endpoint_id = v.endpoint_id"""
                            .formatted(String.join(", ", Collections.nCopies(writes.size(), ROW))))
                    .params(params)
                    .update();
            writes.clear();
        }
    }
}
