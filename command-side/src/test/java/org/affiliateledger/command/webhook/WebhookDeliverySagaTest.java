package org.affiliateledger.command.webhook;

import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.affiliateledger.events.webhook.WebhookAttemptSucceeded;
import org.affiliateledger.events.webhook.WebhookDeliveryRecovered;
import org.affiliateledger.events.webhook.WebhookReplayScheduled;
import org.junit.jupiter.api.Test;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The delivery saga keeps its state in the delivery's row: given that row, when an attempt's event (or a replay, a
 * recovery) arrives, then what it writes there — the decided status, the attempt count, the next attempt's deadline
 * on the documented backoff; after a 410 the delivery is parked (the endpoint is disabled by a command of its own).
 */
@SuppressWarnings("unchecked")
class WebhookDeliverySagaTest {
    private static final String MER = "mer_1";
    private static final String MSG = "msg_1";
    private static final String WHE = "whe_1";
    private static final String ID = MSG + ":" + WHE;
    private static final Instant ATTEMPTED = Instant.parse("2026-01-31T10:00:00Z");
    private static final Instant RECORDED = ATTEMPTED.plusMillis(40);

    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final List<String> sql = new ArrayList<>();
    private final List<JdbcClient.StatementSpec> statements = new ArrayList<>();
    private final List<List<Object>> params = new ArrayList<>();
    private final WebhookDeliverySaga saga = new WebhookDeliverySaga(jdbc);
    /** The delivery's row: attempts, schedule base, replays due; null when there is none. */
    private int[] row;

    {
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            int index = sql.size();
            params.add(List.of());
            when(statement.params(anyList())).thenAnswer(given -> {
                params.set(index, new ArrayList<>((List<Object>) given.getArgument(0)));
                return statement;
            });
            doAnswer(query -> {
                RowCallbackHandler handler = query.getArgument(0);
                if (row != null) {
                    ResultSet rs = mock(ResultSet.class);
                    when(rs.getString(1)).thenReturn(MSG);
                    when(rs.getString(2)).thenReturn(WHE);
                    when(rs.getInt(3)).thenReturn(row[0]);
                    when(rs.getInt(4)).thenReturn(row[1]);
                    when(rs.getInt(5)).thenReturn(row[2]);
                    handler.processRow(rs);
                }
                return null;
            }).when(statement).query(any(RowCallbackHandler.class));
            sql.add(call.getArgument(0));
            statements.add(statement);
            return statement;
        });
    }

    private void given(int attempts, int scheduleBase, int replaysDue) {
        row = new int[]{attempts, scheduleBase, replaysDue};
    }

    /** The events handled as one batch, as the subscribing processor hands them over: decisions written when it commits. */
    private void handle(Object... events) {
        List<EventMessage<?>> messages = java.util.Arrays.stream(events)
                .<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        batch.start();
        for (Object event : events) {
            on(event);
        }
        batch.commit();
    }

    private void on(Object event) {
        if (event instanceof WebhookAttemptFailed e) {
            saga.on(e);
        } else if (event instanceof WebhookAttemptSucceeded e) {
            saga.on(e);
        } else if (event instanceof WebhookReplayScheduled e) {
            saga.on(e);
        } else if (event instanceof WebhookDeliveryRecovered e) {
            saga.on(e);
        } else {
            throw new IllegalArgumentException(event.toString());
        }
    }

    private JdbcClient.StatementSpec statement(String containing) {
        for (int i = 0; i < sql.size(); i++) {
            if (sql.get(i).contains(containing)) {
                return statements.get(i);
            }
        }
        throw new AssertionError("no statement containing " + containing + " in " + sql);
    }

    private List<Object> paramsOf(String containing) {
        for (int i = 0; i < sql.size(); i++) {
            if (sql.get(i).contains(containing)) {
                return params.get(i);
            }
        }
        throw new AssertionError("no statement containing " + containing + " in " + sql);
    }

    private static WebhookAttemptFailed failed(int attempt, Integer status, Long retryAfterSeconds, boolean gone,
                                               boolean replay, boolean overtaken) {
        return new WebhookAttemptFailed(ID, MER, MSG, WHE, attempt, ATTEMPTED, status, 40, status == null ? "refused" : null,
                retryAfterSeconds, gone, replay, overtaken, RECORDED);
    }

    private void thenTheDeliveryIs(String status, int attempts, int scheduleBase, int replaysDue, Instant next,
                                   Integer statusCode, String error) {
        List<Object> written = paramsOf("SET status = v.status");
        assertThat(written).hasSize(11);
        assertThat(written.subList(0, 10)).containsExactly(MSG, WHE, status, attempts, scheduleBase, replaysDue,
                next == null ? null : Timestamp.from(next), Timestamp.from(ATTEMPTED), statusCode, error);
        assertThat(written.get(10)).isInstanceOf(Timestamp.class);
    }

    @Test
    void aFailedThirdAttemptIsRetriedThirtyMinutesAfterItWasRecorded() {
        given(2, 0, 0);
        handle(failed(3, 500, null, false, false, false));
        thenTheDeliveryIs("pending", 3, 0, 0, RECORDED.plusSeconds(30 * 60), 500, null);
        assertThat(sql).noneMatch(s -> s.contains("webhook_endpoints"));
        assertThat(paramsOf("FOR UPDATE")).containsExactly(MSG, WHE);
    }

    @Test
    void theDecisionReleasesTheLease() {
        given(0, 0, 0);
        handle(failed(1, null, null, false, false, false));
        assertThat(sql).anyMatch(s -> s.contains("lease_owner = NULL, lease_until = NULL"));
        thenTheDeliveryIs("pending", 1, 0, 0, RECORDED.plusSeconds(5), null, "refused");
    }

    @Test
    void aRetryAfterInSecondsPostponesTheNextAttempt() {
        given(0, 0, 0);
        handle(failed(1, 429, 600L, false, false, false));
        thenTheDeliveryIs("pending", 1, 0, 0, RECORDED.plusSeconds(600), 429, null);
    }

    @Test
    void theScheduleCountsFromWhereItRestarted() {
        given(12, 10, 0);
        handle(failed(13, 500, null, false, false, false));
        thenTheDeliveryIs("pending", 13, 10, 0, RECORDED.plusSeconds(30 * 60), 500, null);
    }

    @Test
    void aSucceededAttemptDeliversTheMessage() {
        given(1, 0, 0);
        handle(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 2, ATTEMPTED, 204, 40, false, false, RECORDED));
        thenTheDeliveryIs("delivered", 2, 0, 0, null, 204, null);
    }

    @Test
    void theTenthFailedAttemptFailsTheDelivery() {
        given(9, 0, 0);
        handle(failed(10, 500, null, false, false, false));
        thenTheDeliveryIs("failed", 10, 0, 0, null, 500, null);
    }

    @Test
    void aGoneAnswerParksThisDeliveryAndLeavesDisablingTheEndpointToItsOwnCommand() {
        given(0, 0, 0);
        handle(failed(1, 410, null, true, false, false));
        thenTheDeliveryIs("parked", 1, 0, 0, null, 410, null);
        // GoneEndpoints sends DisableWebhookEndpoint; the endpoint's row follows its event (WebhookEndpointRows)
        assertThat(sql).noneMatch(s -> s.contains("webhook_endpoints") || s.contains("SET status = 'parked'"));
    }

    @Test
    void anOvertakenAttemptOnlyCountsAndDecidesNothing() {
        given(3, 0, 0);
        handle(failed(2, 500, null, false, false, true));
        verify(statement("GREATEST(attempts, ?)")).params(2, MSG, WHE);
        assertThat(sql).noneMatch(s -> s.contains("SET status = ?"));
    }

    @Test
    void anAttemptOfADeliveryRemovedMeanwhileWritesNothing() {
        row = null;
        handle(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 1, ATTEMPTED, 200, 40, false, false, RECORDED));
        assertThat(sql).hasSize(1).allMatch(s -> s.startsWith("SELECT"));
    }

    @Test
    void aBatchOfAttemptsReadsItsDeliveriesOnceAndWritesItsDecisionsOnceInTheirOrder() {
        given(0, 0, 0);
        handle(failed(1, 500, null, false, false, false),
                new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 2, ATTEMPTED, 200, 40, false, false, RECORDED));
        // the second attempt is decided on the state the first left: delivered at attempt 2, one row written
        assertThat(sql).hasSize(2);
        assertThat(sql.get(0)).startsWith("SELECT").contains("FOR UPDATE");
        thenTheDeliveryIs("delivered", 2, 0, 0, null, 200, null);
    }

    @Test
    void aBatchWithAGoneAnswerWritesEachDecisionAtOnceSoTheEndpointsParkingComesAfterThem() {
        given(0, 0, 0);
        WebhookAttemptFailed gone = failed(1, 410, null, true, false, false);
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage(gone)));
        batch.start();
        on(gone);
        // written while the event is handled, not when the batch commits: another handler disables the endpoint next
        assertThat(sql).hasSize(2);
        thenTheDeliveryIs("parked", 1, 0, 0, null, 410, null);
        batch.commit();
        assertThat(sql).hasSize(2);
    }

    @Test
    void aReplayIsOneMoreAttemptDueWhenAsked() {
        Instant due = ATTEMPTED.plusSeconds(7);
        handle(new WebhookReplayScheduled(ID, MER, MSG, WHE, due));
        assertThat(sql).singleElement().asString().contains("INSERT INTO webhook_deliveries")
                .contains("replays_due = webhook_deliveries.replays_due + 1");
        verify(statements.get(0)).params(eq(MSG), eq(WHE), eq(MER), eq(Timestamp.from(due)), any(Timestamp.class),
                any(Timestamp.class));
        verify(statements.get(0)).update();
    }

    @Test
    void aRecoveryRestartsTheScheduleOfAFailedOrParkedDelivery() {
        Instant due = ATTEMPTED.plusSeconds(3);
        handle(new WebhookDeliveryRecovered(ID, MER, MSG, WHE, ATTEMPTED.minusSeconds(3600), due));
        assertThat(sql).singleElement().asString().contains("schedule_base = attempts")
                .contains("status IN ('failed', 'parked')");
        verify(statements.get(0)).params(eq(Timestamp.from(due)), any(Timestamp.class), eq(MSG), eq(WHE));
        verify(statements.get(0)).update();
    }
}
