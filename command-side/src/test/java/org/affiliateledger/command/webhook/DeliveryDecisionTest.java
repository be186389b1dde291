package org.affiliateledger.command.webhook;

import org.affiliateledger.command.webhook.DeliveryDecision.Outcome;
import org.affiliateledger.command.webhook.DeliveryDecision.State;
import org.affiliateledger.command.webhook.DeliveryDecision.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery saga's transitions, given its state, when an attempt's event arrives, then what the delivery becomes and
 * when its next attempt is due: success, a retry at every step of the documented backoff, exhaustion, a gone endpoint,
 * replays, Retry-After, an overtaken attempt.
 */
class DeliveryDecisionTest {
    private static final Instant NOW = Instant.parse("2026-01-31T10:00:00Z");
    private static final Duration[] BACKOFF = {Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20),
            Duration.ofHours(24)};

    private State given;

    private DeliveryDecisionTest given(int attempts, int scheduleBase, int replaysDue) {
        given = new State(attempts, scheduleBase, replaysDue);
        return this;
    }

    private DeliveryDecision when(int attempt, boolean delivered, boolean gone, Duration retryAfter, boolean replay) {
        return DeliveryDecision.after(given, new Outcome(attempt, delivered, gone, retryAfter, replay, false, NOW));
    }

    private DeliveryDecision whenFailed(int attempt) {
        return when(attempt, false, false, null, false);
    }

    @Test
    void aDeliveredFirstAttemptEndsTheDelivery() {
        DeliveryDecision then = given(0, 0, 0).when(1, true, false, null, false);
        assertThat(then.status()).isEqualTo(Status.DELIVERED);
        assertThat(then.attempts()).isEqualTo(1);
        assertThat(then.nextAttemptAt()).isNull();
    }

    @Test
    void eachFailedAttemptSchedulesTheNextOnTheDocumentedBackoff() {
        for (int attempt = 1; attempt <= 9; attempt++) {
            DeliveryDecision then = given(attempt - 1, 0, 0).whenFailed(attempt);
            assertThat(then.status()).as("after attempt %d", attempt).isEqualTo(Status.PENDING);
            assertThat(then.attempts()).isEqualTo(attempt);
            assertThat(then.nextAttemptAt()).as("after attempt %d", attempt).isEqualTo(NOW.plus(BACKOFF[attempt - 1]));
        }
    }

    @Test
    void theTenthFailedAttemptExhaustsTheScheduleAndFailsTheDelivery() {
        DeliveryDecision then = given(9, 0, 0).whenFailed(10);
        assertThat(then.status()).isEqualTo(Status.FAILED);
        assertThat(then.attempts()).isEqualTo(10);
        assertThat(then.nextAttemptAt()).isNull();
    }

    @Test
    void aDeliveryAfterRetriesEndsItThere() {
        DeliveryDecision then = given(3, 0, 0).when(4, true, false, null, false);
        assertThat(then.status()).isEqualTo(Status.DELIVERED);
        assertThat(then.attempts()).isEqualTo(4);
    }

    @Test
    void aGoneEndpointParksTheDelivery() {
        // disabling the endpoint is GoneEndpoints' rule (GoneEndpointsTest), not this decision's
        DeliveryDecision then = given(2, 0, 1).when(3, false, true, null, false);
        assertThat(then.status()).isEqualTo(Status.PARKED);
        assertThat(then.replaysDue()).as("a replay asked for meanwhile is dropped with the endpoint").isZero();
        assertThat(then.nextAttemptAt()).isNull();
    }

    @Test
    void aReplayRestartsTheScheduleFromItself() {
        // failed after 10 attempts, then replayed: the replay is attempt 11 and the first of a new schedule
        DeliveryDecision then = given(10, 0, 1).when(11, false, false, null, true);
        assertThat(then.status()).isEqualTo(Status.PENDING);
        assertThat(then.scheduleBase()).isEqualTo(10);
        assertThat(then.replaysDue()).isZero();
        assertThat(then.nextAttemptAt()).isEqualTo(NOW.plus(BACKOFF[0]));
    }

    @Test
    void aReplayedScheduleIsExhaustedTenAttemptsAfterTheReplay() {
        DeliveryDecision then = given(19, 10, 0).whenFailed(20);
        assertThat(then.status()).isEqualTo(Status.FAILED);
    }

    @Test
    void aDeliveredReplayEndsTheDelivery() {
        DeliveryDecision then = given(1, 0, 1).when(2, true, false, null, true);
        assertThat(then.status()).isEqualTo(Status.DELIVERED);
        assertThat(then.scheduleBase()).isEqualTo(1);
    }

    @Test
    void aReplayAskedForWhileAnAttemptWasUnderWayIsMadeAtOnce() {
        DeliveryDecision then = given(1, 0, 1).when(2, true, false, null, false);
        assertThat(then.status()).isEqualTo(Status.PENDING);
        assertThat(then.replaysDue()).isEqualTo(1);
        assertThat(then.nextAttemptAt()).isEqualTo(NOW);
    }

    @Test
    void twoReplaysAreTwoAttempts() {
        DeliveryDecision first = given(1, 0, 2).when(2, true, false, null, true);
        assertThat(first.status()).isEqualTo(Status.PENDING);
        assertThat(first.replaysDue()).isEqualTo(1);
        DeliveryDecision second = given(first.attempts(), first.scheduleBase(), first.replaysDue()).when(3, true, false, null, true);
        assertThat(second.status()).isEqualTo(Status.DELIVERED);
        assertThat(second.replaysDue()).isZero();
    }

    @Test
    void retryAfterPostponesTheNextAttemptButNeverHastensIt() {
        assertThat(given(0, 0, 0).when(1, false, false, Duration.ofMinutes(2), false).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        assertThat(given(1, 0, 0).when(2, false, false, Duration.ofSeconds(1), false).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(given(1, 0, 0).when(2, false, false, Duration.ofDays(3), false).nextAttemptAt())
                .as("clamped to the longest delay").isEqualTo(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void anAttemptOvertakenByAnotherNodeOnlyCounts() {
        DeliveryDecision then = DeliveryDecision.after(new State(3, 0, 0),
                new Outcome(4, false, false, null, false, true, NOW));
        assertThat(then.onlyCount()).isTrue();
        assertThat(then.attempts()).isEqualTo(4);
        assertThat(then.status()).isNull();
    }
}
