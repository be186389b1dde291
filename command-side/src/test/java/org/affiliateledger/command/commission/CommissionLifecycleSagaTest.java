package org.affiliateledger.command.commission;

import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionFlagCleared;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.common.AuditMetadata;
import org.axonframework.test.matchers.Matchers;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.affiliateledger.command.commission.CommissionLifecycleSaga.HOLD_PERIOD;
import static org.affiliateledger.events.commission.CommissionStatus.APPROVED;
import static org.affiliateledger.events.commission.CommissionStatus.PENDING;

/** Every path of the commission lifecycle saga, on the fixture's controllable clock. */
class CommissionLifecycleSagaTest {
    private static final String COM = "com_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String CLAWBACK = "com_01hx5m3k8q9v7w2r4t6y0zc1aw";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String CNV = "cnv_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    private static final Duration HOLD = Duration.ofDays(30);
    private static final Instant HOLD_END = NOW.plus(HOLD);

    private SagaTestFixture<CommissionLifecycleSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(CommissionLifecycleSaga.class);
    }

    private static CommissionCreated created() {
        return new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "10", 490, "USD", CommissionKind.COMMISSION, null, HOLD_END);
    }

    private static final ApproveCommission APPROVE = new ApproveCommission(COM, MER);

    @Test
    void schedulesTheHoldPeriodDeadlineWhenACommissionIsCreated() {
        fixture.givenCurrentTime(NOW)
                .whenAggregate(COM).publishes(created())
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(HOLD_END, HOLD_PERIOD)
                .expectNoDispatchedCommands();
    }

    @Test
    void approvesWhenTheHoldPeriodEnds() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created())
                .whenTimeAdvancesTo(HOLD_END)
                .expectTriggeredDeadlinesWithName(HOLD_PERIOD)
                .expectDispatchedCommands(APPROVE);
    }

    @Test
    void theHoldPeriodsApprovalIsTheSchedulesEffectiveWhenTheHoldEnded() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created())
                .whenTimeAdvancesTo(HOLD_END.plus(Duration.ofHours(5)))
                .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(Matchers.messageWithPayload(Matchers.equalTo(APPROVE))))
                .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(metaData(AuditMetadata.SCHEDULE, HOLD_END.toString())));
    }

    @Test
    void anApprovalOnReleaseIsTheSagasDoing() throws Exception {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"))
                .andThenTimeAdvancesTo(HOLD_END.plus(Duration.ofDays(10)))
                .whenAggregate(COM).publishes(new CommissionReleased(COM, MER, CNV, AFF, PENDING, "dp_1"))
                .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(metaData("saga:commission-lifecycle", null)));
    }

    private static org.hamcrest.Matcher<org.axonframework.commandhandling.CommandMessage<?>> metaData(String actor, String effectiveAt) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(org.axonframework.commandhandling.CommandMessage<?> command) {
                return actor.equals(command.getMetaData().get(AuditMetadata.ACTOR))
                        && (effectiveAt == null || effectiveAt.equals(command.getMetaData().get(AuditMetadata.EFFECTIVE_AT)));
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a command by " + actor + (effectiveAt == null ? "" : " effective at " + effectiveAt));
            }
        };
    }

    @Test
    void waitsUntilTheHoldPeriodEnds() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created())
                .whenTimeElapses(HOLD.minusSeconds(1))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(HOLD_END, HOLD_PERIOD);
    }

    @Test
    void approvesAtOnceWithAZeroHoldPeriod() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "10", 490, "USD",
                        CommissionKind.COMMISSION, null, NOW))
                .whenTimeElapses(Duration.ZERO)
                .expectDispatchedCommands(APPROVE);
    }

    @Test
    void waitsTheDefaultThirtyDaysForCommissionsRecordedWithoutAHoldEnd() {
        fixture.givenCurrentTime(NOW)
                .whenAggregate(COM).publishes(new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "10", 490, "USD",
                        null, null, null))
                .expectScheduledDeadlineWithName(NOW.plus(Duration.ofDays(30)), HOLD_PERIOD);
    }

    @Test
    void keepsWaitingAfterAPartialRefundReducedTheCommission() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), new CommissionReduced(COM, MER, CNV, AFF, 490, 368, "USD", "re_1"))
                .whenTimeAdvancesTo(HOLD_END)
                .expectDispatchedCommands(APPROVE);
    }

    // ---- the lifecycle ended before the hold period did: the deadline is cancelled by id, nothing is sent ----

    @Test
    void endsWhenApprovedByHandAndCancelsTheDeadline() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created())
                .whenAggregate(COM).publishes(new CommissionApproved(COM, MER, CNV, AFF, 490, "USD"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void endsWhenRejectedAndNeverApproves() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), new CommissionRejected(COM, MER, CNV, AFF, "self-referral"))
                .whenTimeAdvancesTo(HOLD_END.plusSeconds(1))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void endsWhenVoidedAndNeverApproves() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created())
                .whenAggregate(COM).publishes(new CommissionVoided(COM, MER, CNV, AFF, "sale reversed in full (re_1)"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void endsWhenPaid() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created())
                .whenAggregate(COM).publishes(new CommissionPaid(COM, MER, CNV, AFF, 490, "USD", "wire"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    // ---- held by a dispute ----

    @Test
    void doesNotApproveAHeldCommissionWhenTheHoldPeriodEnds() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"))
                .whenTimeAdvancesTo(HOLD_END)
                .expectTriggeredDeadlinesWithName(HOLD_PERIOD)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void approvesAtOnceWhenReleasedAfterTheHoldPeriodEnded() throws Exception {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"))
                .andThenTimeAdvancesTo(HOLD_END.plus(Duration.ofDays(10)))
                .whenAggregate(COM).publishes(new CommissionReleased(COM, MER, CNV, AFF, PENDING, "dp_1"))
                .expectDispatchedCommands(APPROVE);
    }

    @Test
    void keepsWaitingWhenReleasedBeforeTheHoldPeriodEnded() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(),
                        new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"),
                        new CommissionReleased(COM, MER, CNV, AFF, PENDING, "dp_1"))
                .whenTimeAdvancesTo(HOLD_END)
                .expectDispatchedCommands(APPROVE);
    }

    @Test
    void endsWhenAHeldCommissionIsVoidedBecauseTheDisputeWasLost() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"))
                .whenAggregate(COM).publishes(new CommissionVoided(COM, MER, CNV, AFF, "sale reversed in full (dp_1)"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void endsWhenReleasedToApproved() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "hold", "dp_1"))
                .whenAggregate(COM).publishes(new CommissionReleased(COM, MER, CNV, AFF, APPROVED, "dp_1"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    // ---- flagged by a fraud rule ----

    private static CommissionFlagged flagged() {
        return new CommissionFlagged(COM, MER, CNV, AFF, "self_referral", "the customer's email is the affiliate's own");
    }

    @Test
    void doesNotApproveAFlaggedCommissionWhenTheHoldPeriodEnds() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), flagged())
                .whenTimeAdvancesTo(HOLD_END)
                .expectTriggeredDeadlinesWithName(HOLD_PERIOD)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void doesNotApproveAFlaggedCommissionWithAZeroHoldPeriod() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "10", 490, "USD",
                        CommissionKind.COMMISSION, null, NOW), flagged())
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectNoDispatchedCommands();
    }

    @Test
    void approvesAtOnceWhenTheFlagIsClearedAfterTheHoldPeriodEnded() throws Exception {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), flagged())
                .andThenTimeAdvancesTo(HOLD_END.plus(Duration.ofDays(3)))
                .whenAggregate(COM).publishes(new CommissionFlagCleared(COM, MER, CNV, AFF, "reviewed"))
                .expectDispatchedCommands(APPROVE);
    }

    @Test
    void keepsWaitingWhenTheFlagIsClearedBeforeTheHoldPeriodEnded() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), flagged(), new CommissionFlagCleared(COM, MER, CNV, AFF, null))
                .whenTimeAdvancesTo(HOLD_END)
                .expectDispatchedCommands(APPROVE);
    }

    @Test
    void doesNotApproveAFlaggedCommissionReleasedFromADisputeAfterTheHoldPeriod() throws Exception {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), flagged(),
                        new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"))
                .andThenTimeAdvancesTo(HOLD_END.plus(Duration.ofDays(1)))
                .whenAggregate(COM).publishes(new CommissionReleased(COM, MER, CNV, AFF, PENDING, "dp_1"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void endsWhenAFlaggedCommissionIsVoided() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(COM).published(created(), flagged())
                .whenAggregate(COM).publishes(new CommissionVoided(COM, MER, CNV, AFF, "fraud confirmed"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    // ---- clawbacks ----

    @Test
    void leavesClawbacksAloneTheyAreApprovedAtCreation() {
        fixture.givenCurrentTime(NOW)
                .whenAggregate(CLAWBACK).publishes(new CommissionCreated(CLAWBACK, MER, CNV, AFF, 0, 4900, "0", -490, "USD",
                        CommissionKind.CLAWBACK, COM, null))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }
}
