package org.affiliateledger.command.webhook;

import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.affiliateledger.events.webhook.WebhookAttemptSucceeded;
import org.affiliateledger.events.webhook.WebhookDeliveryRecovered;
import org.affiliateledger.events.webhook.WebhookReplayScheduled;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The delivery saga keeps its state in the delivery's row: given that row, when an attempt's event (or a replay, a
 * recovery) arrives, then what it writes there — the decided status, the attempt count, the next attempt's deadline
 * on the documented backoff; after a 410 the delivery is parked (the endpoint is disabled by a command of its own).
 */
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
    private final WebhookDeliverySaga saga = new WebhookDeliverySaga(jdbc);
    /** The delivery's row: attempts, schedule base, replays due; null when there is none. */
    private int[] row;

    {
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            when(statement.query(any(RowMapper.class))).thenAnswer(query -> {
                @SuppressWarnings("unchecked")
                RowMapper<Object> mapper = query.getArgument(0);
                JdbcClient.MappedQuerySpec<Object> result = mock(JdbcClient.MappedQuerySpec.class);
                if (row == null) {
                    when(result.optional()).thenReturn(Optional.empty());
                } else {
                    ResultSet rs = mock(ResultSet.class);
                    when(rs.getInt(1)).thenReturn(row[0]);
                    when(rs.getInt(2)).thenReturn(row[1]);
                    when(rs.getInt(3)).thenReturn(row[2]);
                    Object state = mapper.mapRow(rs, 0);
                    when(result.optional()).thenReturn(Optional.of(state));
                }
                return result;
            });
            sql.add(call.getArgument(0));
            statements.add(statement);
            return statement;
        });
    }

    private void given(int attempts, int scheduleBase, int replaysDue) {
        row = new int[]{attempts, scheduleBase, replaysDue};
    }

    private JdbcClient.StatementSpec statement(String containing) {
        for (int i = 0; i < sql.size(); i++) {
            if (sql.get(i).contains(containing)) {
                return statements.get(i);
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
        verify(statement("UPDATE webhook_deliveries SET status = ?, attempts = ?")).params(eq(status), eq(attempts),
                eq(scheduleBase), eq(replaysDue), eq(next == null ? null : Timestamp.from(next)), eq(Timestamp.from(ATTEMPTED)),
                eq(statusCode), eq(error), any(Timestamp.class), eq(MSG), eq(WHE));
    }

    @Test
    void aFailedThirdAttemptIsRetriedThirtyMinutesAfterItWasRecorded() {
        given(2, 0, 0);
        saga.on(failed(3, 500, null, false, false, false));
        thenTheDeliveryIs("pending", 3, 0, 0, RECORDED.plusSeconds(30 * 60), 500, null);
        assertThat(sql).noneMatch(s -> s.contains("webhook_endpoints"));
        verify(statement("FOR UPDATE")).params(MSG, WHE);
    }

    @Test
    void theDecisionReleasesTheLease() {
        given(0, 0, 0);
        saga.on(failed(1, null, null, false, false, false));
        assertThat(sql).anyMatch(s -> s.contains("lease_owner = NULL, lease_until = NULL"));
        thenTheDeliveryIs("pending", 1, 0, 0, RECORDED.plusSeconds(5), null, "refused");
    }

    @Test
    void aRetryAfterInSecondsPostponesTheNextAttempt() {
        given(0, 0, 0);
        saga.on(failed(1, 429, 600L, false, false, false));
        thenTheDeliveryIs("pending", 1, 0, 0, RECORDED.plusSeconds(600), 429, null);
    }

    @Test
    void theScheduleCountsFromWhereItRestarted() {
        given(12, 10, 0);
        saga.on(failed(13, 500, null, false, false, false));
        thenTheDeliveryIs("pending", 13, 10, 0, RECORDED.plusSeconds(30 * 60), 500, null);
    }

    @Test
    void aSucceededAttemptDeliversTheMessage() {
        given(1, 0, 0);
        saga.on(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 2, ATTEMPTED, 204, 40, false, false, RECORDED));
        thenTheDeliveryIs("delivered", 2, 0, 0, null, 204, null);
    }

    @Test
    void theTenthFailedAttemptFailsTheDelivery() {
        given(9, 0, 0);
        saga.on(failed(10, 500, null, false, false, false));
        thenTheDeliveryIs("failed", 10, 0, 0, null, 500, null);
    }

    @Test
    void aGoneAnswerParksThisDeliveryAndLeavesDisablingTheEndpointToItsOwnCommand() {
        given(0, 0, 0);
        saga.on(failed(1, 410, null, true, false, false));
        thenTheDeliveryIs("parked", 1, 0, 0, null, 410, null);
        // GoneEndpoints sends DisableWebhookEndpoint; the endpoint's row follows its event (WebhookEndpointRows)
        assertThat(sql).noneMatch(s -> s.contains("webhook_endpoints") || s.contains("SET status = 'parked'"));
    }

    @Test
    void anOvertakenAttemptOnlyCountsAndDecidesNothing() {
        given(3, 0, 0);
        saga.on(failed(2, 500, null, false, false, true));
        verify(statement("GREATEST(attempts, ?)")).params(2, MSG, WHE);
        assertThat(sql).noneMatch(s -> s.contains("SET status = ?"));
    }

    @Test
    void anAttemptOfADeliveryRemovedMeanwhileWritesNothing() {
        row = null;
        saga.on(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 1, ATTEMPTED, 200, 40, false, false, RECORDED));
        assertThat(sql).hasSize(1).allMatch(s -> s.startsWith("SELECT"));
    }

    @Test
    void aReplayIsOneMoreAttemptDueWhenAsked() {
        Instant due = ATTEMPTED.plusSeconds(7);
        saga.on(new WebhookReplayScheduled(ID, MER, MSG, WHE, due));
        assertThat(sql).singleElement().asString().contains("INSERT INTO webhook_deliveries")
                .contains("replays_due = webhook_deliveries.replays_due + 1");
        verify(statements.get(0)).params(eq(MSG), eq(WHE), eq(MER), eq(Timestamp.from(due)), any(Timestamp.class),
                any(Timestamp.class));
        verify(statements.get(0)).update();
    }

    @Test
    void aRecoveryRestartsTheScheduleOfAFailedOrParkedDelivery() {
        Instant due = ATTEMPTED.plusSeconds(3);
        saga.on(new WebhookDeliveryRecovered(ID, MER, MSG, WHE, ATTEMPTED.minusSeconds(3600), due));
        assertThat(sql).singleElement().asString().contains("schedule_base = attempts")
                .contains("status IN ('failed', 'parked')");
        verify(statements.get(0)).params(eq(Timestamp.from(due)), any(Timestamp.class), eq(MSG), eq(WHE));
        verify(statements.get(0)).update();
    }
}
