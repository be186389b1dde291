package org.affiliateledger.command.commission;

import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.ClearCommissionFlag;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionFlagCleared;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.FlagCommissionForFraud;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.commission.RejectCommission;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.VoidCommission;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.affiliateledger.events.commission.CommissionStatus.PENDING;

/** Fraud flags: a flagged commission is held from approval until a person clears the flag or voids it. */
class CommissionFraudFlagTest {
    private static final String COM = "com_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String CNV = "cnv_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final Instant HOLD_END = Instant.parse("2026-03-03T12:00:00Z");
    private static final String DETAIL = "the customer's email is the affiliate's own";

    private FixtureConfiguration<Commission> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Commission.class);
    }

    private static CommissionCreated created() {
        return new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "10", 490, "USD", CommissionKind.COMMISSION, null, HOLD_END);
    }

    private static CommissionFlagged flagged(String rule) {
        return new CommissionFlagged(COM, MER, CNV, AFF, rule, DETAIL);
    }

    @Test
    void flagsAPendingCommission() {
        fixture.given(created())
                .when(new FlagCommissionForFraud(COM, MER, "self_referral", DETAIL))
                .expectEvents(flagged("self_referral"))
                .expectResultMessagePayload(true);
    }

    @Test
    void flagsACommissionHeldByADispute() {
        fixture.given(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"))
                .when(new FlagCommissionForFraud(COM, MER, "velocity", DETAIL))
                .expectEvents(flagged("velocity"))
                .expectResultMessagePayload(true);
    }

    @Test
    void flagsEachRuleOnce() {
        fixture.given(created(), flagged("velocity"))
                .when(new FlagCommissionForFraud(COM, MER, "velocity", DETAIL))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void hasNothingToFlagOnAnApprovedCommission() {
        fixture.given(created(), new CommissionApproved(COM, MER, CNV, AFF, 490, "USD"))
                .when(new FlagCommissionForFraud(COM, MER, "self_referral", DETAIL))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void refusesToApproveAFlaggedCommissionNamingTheRuleAndTheWayOut() {
        fixture.given(created(), flagged("self_referral"))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot approve commission " + COM + ": it is held by fraud rule self_referral ("
                        + DETAIL + "); review it, then clear the flag (POST /api/v1/commissions/" + COM
                        + "/clear-flag) or void it")
                .expectNoEvents();
    }

    @Test
    void clearsTheFlag() {
        fixture.given(created(), flagged("self_referral"), flagged("velocity"))
                .when(new ClearCommissionFlag(COM, MER, "customer is the affiliate's spouse"))
                .expectEvents(new CommissionFlagCleared(COM, MER, CNV, AFF, "customer is the affiliate's spouse"))
                .expectResultMessagePayload(PENDING);
    }

    @Test
    void approvesOnceTheFlagIsCleared() {
        fixture.given(created(), flagged("self_referral"), new CommissionFlagCleared(COM, MER, CNV, AFF, null))
                .when(new ApproveCommission(COM, MER))
                .expectEvents(new CommissionApproved(COM, MER, CNV, AFF, 490, "USD"));
    }

    @Test
    void refusesToClearACommissionThatIsNotFlagged() {
        fixture.given(created())
                .when(new ClearCommissionFlag(COM, MER, null))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot clear the fraud flag of commission " + COM + ": it is not flagged")
                .expectNoEvents();
    }

    @Test
    void refusesToClearTheFlagOfAVoidedCommission() {
        fixture.given(created(), flagged("self_referral"), new CommissionVoided(COM, MER, CNV, AFF, "fraud"))
                .when(new ClearCommissionFlag(COM, MER, null))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void hidesAnotherMerchantsFlaggedCommission() {
        fixture.given(created(), flagged("self_referral"))
                .when(new ClearCommissionFlag(COM, OTHER_MER, null))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void voidsAFlaggedCommission() {
        fixture.given(created(), flagged("self_referral"))
                .when(new VoidCommission(COM, MER, "self-referral confirmed"))
                .expectEvents(new CommissionVoided(COM, MER, CNV, AFF, "self-referral confirmed"));
    }

    @Test
    void rejectsAFlaggedCommission() {
        fixture.given(created(), flagged("self_referral"))
                .when(new RejectCommission(COM, MER, "self-referral confirmed"))
                .expectEvents(new CommissionRejected(COM, MER, CNV, AFF, "self-referral confirmed"));
    }

    @Test
    void winningADisputeDoesNotClearAFraudFlag() {
        fixture.given(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"),
                        flagged("velocity"), new CommissionReleased(COM, MER, CNV, AFF, PENDING, "dp_1"))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void leavesAnApprovedCommissionApprovedWhenCleared() {
        // an approved commission was never flagged (only pending or held ones are): nothing to clear
        fixture.given(created(), new CommissionApproved(COM, MER, CNV, AFF, 490, "USD"))
                .when(new ClearCommissionFlag(COM, MER, null))
                .expectException(StateConflictException.class);
    }

    @Test
    void anotherMerchantCannotFlagTheCommission() {
        fixture.given(created())
                .when(new FlagCommissionForFraud(COM, OTHER_MER, "velocity", DETAIL))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void anotherMerchantCannotReleaseTheHold() {
        fixture.given(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"))
                .when(new org.affiliateledger.events.commission.ReleaseCommissionHold(COM, OTHER_MER, "dp_1"))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }
}
