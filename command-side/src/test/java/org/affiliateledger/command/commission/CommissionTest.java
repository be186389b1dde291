package org.affiliateledger.command.commission;

import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.CreateClawback;
import org.affiliateledger.events.commission.CreateCommission;
import org.affiliateledger.events.commission.FollowSaleReversal;
import org.affiliateledger.events.commission.HoldCommissionWhileDisputed;
import org.affiliateledger.events.commission.ReleaseCommissionHold;
import org.affiliateledger.events.commission.ReversalReceipt;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionClawedBack;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.PayCommission;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.commission.RejectCommission;
import org.affiliateledger.events.commission.VoidCommission;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.affiliateledger.events.commission.CommissionStatus.APPROVED;
import static org.affiliateledger.events.commission.CommissionStatus.HELD;
import static org.affiliateledger.events.commission.CommissionStatus.PAID;
import static org.affiliateledger.events.commission.CommissionStatus.PENDING;
import static org.affiliateledger.events.commission.CommissionStatus.REJECTED;
import static org.affiliateledger.events.commission.CommissionStatus.VOIDED;

class CommissionTest {
    private static final String COM = "com_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String CNV = "cnv_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final Instant HOLD_END = Instant.parse("2026-03-03T12:00:00Z");

    private FixtureConfiguration<Commission> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Commission.class);
    }

    private static CommissionCreated created() {
        return new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "10", 490, "EUR", CommissionKind.COMMISSION, null, HOLD_END);
    }

    private static List<Object> historyOf(CommissionStatus status) {
        return switch (status) {
            case PENDING -> List.of(created());
            case APPROVED -> List.of(created(), new CommissionApproved(COM, MER, CNV, AFF, 490, "EUR"));
            case REJECTED -> List.of(created(), new CommissionRejected(COM, MER, CNV, AFF, "self-referral"));
            case VOIDED -> List.of(created(), new CommissionVoided(COM, MER, CNV, AFF, "refund"));
            case PAID -> List.of(created(), new CommissionApproved(COM, MER, CNV, AFF, 490, "EUR"),
                    new CommissionPaid(COM, MER, CNV, AFF, 490, "EUR", "wire-1"));
            case HELD -> List.of(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute dp_1 open", "dp_1"));
        };
    }

    private static String refusal(String action, CommissionStatus current, String allowed) {
        return "cannot " + action + " commission " + COM + ": it is " + current.wireName() + " (allowed from: " + allowed + ")";
    }

    // ---- creation ----

    @Test
    void createsAPendingCommissionRecordingTheRateInCanonicalForm() {

        fixture.givenNoPriorActivity()
                .when(new CreateCommission(COM, MER, CNV, AFF, 1, 4900, CommissionRate.of("12.50"), 612, "EUR", HOLD_END))
                .expectEvents(new CommissionCreated(COM, MER, CNV, AFF, 1, 4900, "12.5", 612, "EUR", CommissionKind.COMMISSION, null, HOLD_END))
                .expectResultMessagePayload(COM);
    }

    // ---- approve: pending only ----

    @Test
    void approvesAPendingCommissionCarryingItsAmountAndCurrency() {
        fixture.given(historyOf(PENDING))
                .when(new ApproveCommission(COM, MER))
                .expectEvents(new CommissionApproved(COM, MER, CNV, AFF, 490, "EUR"))
                .expectResultMessagePayload(APPROVED);
    }

    @Test
    void refusesToApproveAnApprovedCommission() {
        fixture.given(historyOf(APPROVED))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", APPROVED, "pending"))
                .expectNoEvents();
    }

    @Test
    void rejectsApprovalOfRejectedCommission() {
        fixture.given(historyOf(REJECTED))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", REJECTED, "pending"))
                .expectNoEvents();
    }

    @Test
    void rejectsApprovalOfVoidedCommission() {
        fixture.given(historyOf(VOIDED))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", VOIDED, "pending"))
                .expectNoEvents();
    }

    // ---- reject: pending only ----

    @Test
    void rejectsAPendingCommissionKeepingTheReason() {
        fixture.given(historyOf(PENDING))
                .when(new RejectCommission(COM, MER, "self-referral"))
                .expectEvents(new CommissionRejected(COM, MER, CNV, AFF, "self-referral"))
                .expectResultMessagePayload(REJECTED);
    }

    @Test
    void refusesToRejectAnApprovedCommission() {
        fixture.given(historyOf(APPROVED))
                .when(new RejectCommission(COM, MER, "too late"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("reject", APPROVED, "pending"))
                .expectNoEvents();
    }

    @Test
    void refusesToRejectARejectedCommission() {
        fixture.given(historyOf(REJECTED))
                .when(new RejectCommission(COM, MER, "again"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("reject", REJECTED, "pending"))
                .expectNoEvents();
    }

    @Test
    void refusesToRejectAVoidedCommission() {
        fixture.given(historyOf(VOIDED))
                .when(new RejectCommission(COM, MER, "again"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("reject", VOIDED, "pending"))
                .expectNoEvents();
    }

    // ---- void: pending or approved ----

    @Test
    void voidsAPendingCommissionKeepingTheReason() {
        fixture.given(historyOf(PENDING))
                .when(new VoidCommission(COM, MER, "refund"))
                .expectEvents(new CommissionVoided(COM, MER, CNV, AFF, "refund"))
                .expectResultMessagePayload(VOIDED);
    }

    @Test
    void voidsAnApprovedCommission() {
        fixture.given(historyOf(APPROVED))
                .when(new VoidCommission(COM, MER, "chargeback"))
                .expectEvents(new CommissionVoided(COM, MER, CNV, AFF, "chargeback"))
                .expectResultMessagePayload(VOIDED);
    }

    @Test
    void refusesToVoidARejectedCommission() {
        fixture.given(historyOf(REJECTED))
                .when(new VoidCommission(COM, MER, "refund"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("void", REJECTED, "pending, approved, held"))
                .expectNoEvents();
    }

    @Test
    void refusesToVoidAVoidedCommission() {
        fixture.given(historyOf(VOIDED))
                .when(new VoidCommission(COM, MER, "refund"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("void", VOIDED, "pending, approved, held"))
                .expectNoEvents();
    }

    @Test
    void refusesToApproveACommissionThatWasApprovedThenVoided() {
        fixture.given(historyOf(APPROVED))
                .andGiven(new CommissionVoided(COM, MER, CNV, AFF, "refund"))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", VOIDED, "pending"))
                .expectNoEvents();
    }

    // ---- tenancy ----

    static Stream<Arguments> everyCommandOfAnotherMerchantInEveryState() {
        return Stream.of(CommissionStatus.values()).flatMap(status -> Stream.of(
                Arguments.of("approve", status, new ApproveCommission(COM, OTHER_MER)),
                Arguments.of("pay", status, new PayCommission(COM, OTHER_MER, "r")),
                Arguments.of("reject", status, new RejectCommission(COM, OTHER_MER, "r")),
                Arguments.of("void", status, new VoidCommission(COM, OTHER_MER, "r"))));
    }

    @ParameterizedTest(name = "hides another merchant''s {1} commission when asked to {0} it")
    @MethodSource("everyCommandOfAnotherMerchantInEveryState")
    void hidesAnotherMerchantsCommission(String action, CommissionStatus status, Object command) {
        fixture.given(historyOf(status))
                .when(command)
                .expectException(NotFoundException.class)
                .expectExceptionMessage("commission " + COM + " not found")
                .expectNoEvents();
    }

    // ---- pay: approved only ----

    @Test
    void paysAnApprovedCommissionKeepingThePaymentReference() {
        fixture.given(historyOf(APPROVED))
                .when(new PayCommission(COM, MER, "wire-2026-02"))
                .expectEvents(new CommissionPaid(COM, MER, CNV, AFF, 490, "EUR", "wire-2026-02"))
                .expectResultMessagePayload(PAID);
    }

    @Test
    void paysTheReducedAmount() {
        fixture.given(historyOf(PENDING))
                .andGiven(new CommissionReduced(COM, MER, CNV, AFF, 490, 368, "EUR", "re_1"),
                        new CommissionApproved(COM, MER, CNV, AFF, 368, "EUR"))
                .when(new PayCommission(COM, MER, null))
                .expectEvents(new CommissionPaid(COM, MER, CNV, AFF, 368, "EUR", null));
    }

    @ParameterizedTest(name = "refuses to pay a {0} commission")
    @EnumSource(value = CommissionStatus.class, names = {"PENDING", "PAID", "REJECTED", "VOIDED", "HELD"})
    void paysOnlyApprovedCommissions(CommissionStatus status) {
        fixture.given(historyOf(status))
                .when(new PayCommission(COM, MER, "wire"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("pay", status, "approved"))
                .expectNoEvents();
    }

    // ---- held while disputed ----

    private static final String CLAWBACK = "com_01hx5m3k8q9v7w2r4t6y0zc1aw";

    @ParameterizedTest(name = "holds a {0} commission while its sale is disputed")
    @EnumSource(value = CommissionStatus.class, names = {"PENDING", "APPROVED"})
    void holdsAnUnpaidCommissionWhileItsSaleIsDisputed(CommissionStatus status) {
        fixture.given(historyOf(status))
                .when(new HoldCommissionWhileDisputed(COM, MER, "dispute dp_1 open", "dp_1"))
                .expectEvents(new CommissionHeld(COM, MER, CNV, AFF, status, "dispute dp_1 open", "dp_1"))
                .expectResultMessagePayload(true);
    }

    @ParameterizedTest(name = "has nothing to hold on a {0} commission")
    @EnumSource(value = CommissionStatus.class, names = {"PAID", "REJECTED", "VOIDED", "HELD"})
    void hasNothingToHoldOnPaidOrFinishedOrHeldCommissions(CommissionStatus status) {
        fixture.given(historyOf(status))
                .when(new HoldCommissionWhileDisputed(COM, MER, "dispute dp_1 open", "dp_1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void refusesToApproveAHeldCommission() {
        fixture.given(historyOf(HELD))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", HELD, "pending"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "releases a commission held from {0} back to {0}")
    @EnumSource(value = CommissionStatus.class, names = {"PENDING", "APPROVED"})
    void releasesAHeldCommissionToWhereItWasHeldFrom(CommissionStatus heldFrom) {
        fixture.given(historyOf(heldFrom))
                .andGiven(new CommissionHeld(COM, MER, CNV, AFF, heldFrom, "dispute dp_1 open", "dp_1"))
                .when(new ReleaseCommissionHold(COM, MER, "dp_1"))
                .expectEvents(new CommissionReleased(COM, MER, CNV, AFF, heldFrom, "dp_1"))
                .expectResultMessagePayload(true);
    }

    @Test
    void hasNothingToReleaseWhenNotHeld() {
        fixture.given(historyOf(PENDING))
                .when(new ReleaseCommissionHold(COM, MER, "dp_1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void voidsAHeldCommission() {
        fixture.given(historyOf(HELD))
                .when(new VoidCommission(COM, MER, "chargeback"))
                .expectEvents(new CommissionVoided(COM, MER, CNV, AFF, "chargeback"));
    }

    // ---- commissions follow the money: refunds and lost disputes ----

    @ParameterizedTest(name = "reduces a {0} commission in proportion to a partial refund")
    @EnumSource(value = CommissionStatus.class, names = {"PENDING", "APPROVED", "HELD"})
    void reducesAnUnpaidCommissionInProportionToAPartialRefund(CommissionStatus status) {
        // 1225 of 4900 refunded: 490 × 3675 / 4900 = 367.5 → 368 (half-even)
        fixture.given(historyOf(status))
                .when(new FollowSaleReversal(COM, MER, 1225, "re_1", CLAWBACK))
                .expectEvents(new CommissionReduced(COM, MER, CNV, AFF, 490, 368, "EUR", "re_1"))
                .expectResultMessagePayload(new ReversalReceipt(COM, status, status, 490, 368, null));
    }

    @Test
    void computesEveryReductionFromTheOriginalAmountSoRoundingNeverCompounds() {
        fixture.given(historyOf(PENDING))
                .andGiven(new CommissionReduced(COM, MER, CNV, AFF, 490, 368, "EUR", "re_1"))
                .when(new FollowSaleReversal(COM, MER, 2450, "re_2", CLAWBACK))
                .expectEvents(new CommissionReduced(COM, MER, CNV, AFF, 368, 245, "EUR", "re_2"));
    }

    @Test
    void changesNothingWhenTheSameRefundIsFollowedAgain() {
        fixture.given(historyOf(PENDING))
                .andGiven(new CommissionReduced(COM, MER, CNV, AFF, 490, 368, "EUR", "re_1"))
                .when(new FollowSaleReversal(COM, MER, 1225, "re_1", CLAWBACK))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest(name = "voids a {0} commission when the sale is refunded in full")
    @EnumSource(value = CommissionStatus.class, names = {"PENDING", "APPROVED", "HELD"})
    void voidsAnUnpaidCommissionWhenTheSaleIsRefundedInFull(CommissionStatus status) {
        fixture.given(historyOf(status))
                .when(new FollowSaleReversal(COM, MER, 4900, "re_9", CLAWBACK))
                .expectEvents(new CommissionVoided(COM, MER, CNV, AFF, "sale reversed in full (re_9)"))
                .expectResultMessagePayload(new ReversalReceipt(COM, status, VOIDED, 490, 490, null));
    }

    @ParameterizedTest(name = "leaves a {0} commission alone")
    @EnumSource(value = CommissionStatus.class, names = {"REJECTED", "VOIDED"})
    void leavesRejectedAndVoidedCommissionsAlone(CommissionStatus status) {
        fixture.given(historyOf(status))
                .when(new FollowSaleReversal(COM, MER, 4900, "re_9", CLAWBACK))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void clawsBackTheRefundedShareOfAPaidCommission() {
        fixture.given(historyOf(PAID))
                .when(new FollowSaleReversal(COM, MER, 1225, "re_1", CLAWBACK))
                .expectEvents(new CommissionClawedBack(COM, MER, CNV, AFF, CLAWBACK, 122, "EUR", "re_1"))
                .expectResultMessagePayload(new ReversalReceipt(COM, PAID, PAID, 490, 490,
                        new CreateClawback(CLAWBACK, MER, COM, CNV, AFF, 4900, 122, "EUR")));
    }

    @Test
    void clawsBackOnlyWhatWasNotClawedBackBefore() {
        fixture.given(historyOf(PAID))
                .andGiven(new CommissionClawedBack(COM, MER, CNV, AFF, "com_01hx5m3k8q9v7w2r4t6y0zc1a1", 122, "EUR", "re_1"))
                .when(new FollowSaleReversal(COM, MER, 4900, "dp_1", CLAWBACK))
                .expectEvents(new CommissionClawedBack(COM, MER, CNV, AFF, CLAWBACK, 368, "EUR", "dp_1"));
    }

    @Test
    void clawsNothingBackTwiceForTheSameReversal() {
        fixture.given(historyOf(PAID))
                .andGiven(new CommissionClawedBack(COM, MER, CNV, AFF, "com_01hx5m3k8q9v7w2r4t6y0zc1a1", 490, "EUR", "dp_1"))
                .when(new FollowSaleReversal(COM, MER, 4900, "dp_1", CLAWBACK))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new ReversalReceipt(COM, PAID, PAID, 490, 490, null));
    }

    @Test
    void aClawbackIsANegativeCommissionApprovedAtOnceThatFollowsNoReversal() {
        fixture.given(new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "0", -490, "EUR", CommissionKind.CLAWBACK,
                        "com_01hx5m3k8q9v7w2r4t6y0zorig0", null),
                        new CommissionApproved(COM, MER, CNV, AFF, -490, "EUR"))
                .when(new FollowSaleReversal(COM, MER, 4900, "dp_2", CLAWBACK))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void createsAClawbackAsANegativeCommissionApprovedAtOnce() {
        fixture.givenNoPriorActivity()
                .when(new CreateClawback(CLAWBACK, MER, COM, CNV, AFF, 4900, 122, "EUR"))
                .expectEvents(new CommissionCreated(CLAWBACK, MER, CNV, AFF, 0, 4900, "0", -122, "EUR", CommissionKind.CLAWBACK, COM, null),
                        new CommissionApproved(CLAWBACK, MER, CNV, AFF, -122, "EUR"));
    }

    @Test
    void anotherMerchantsReversalFindsNoCommission() {
        fixture.given(historyOf(PAID))
                .when(new FollowSaleReversal(COM, OTHER_MER, 4900, "re_1", CLAWBACK))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void anotherMerchantsDisputeHoldsNothing() {
        fixture.given(historyOf(PENDING))
                .when(new HoldCommissionWhileDisputed(COM, OTHER_MER, "dispute dp_1 open", "dp_1"))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }
}
