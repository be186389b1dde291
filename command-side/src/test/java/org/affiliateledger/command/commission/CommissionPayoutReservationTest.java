package org.affiliateledger.command.commission;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionClawedBack;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.commission.CreateClawback;
import org.affiliateledger.events.commission.FollowSaleReversal;
import org.affiliateledger.events.commission.HoldCommissionWhileDisputed;
import org.affiliateledger.events.commission.IncludeCommissionInPayout;
import org.affiliateledger.events.commission.ReversalReceipt;
import org.affiliateledger.events.commission.PayCommission;
import org.affiliateledger.events.commission.PayCommissionThroughPayout;
import org.affiliateledger.events.commission.ReleaseCommissionFromPayout;
import org.affiliateledger.events.commission.VoidCommission;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.affiliateledger.events.commission.CommissionStatus.APPROVED;
import static org.affiliateledger.events.commission.CommissionStatus.PENDING;

/** A commission in a payout: reserved for it, paid or released by it, and kept from every other way out meanwhile. */
class CommissionPayoutReservationTest {
    private static final String COM = "com_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String CLAWBACK = "com_01hx5m3k8q9v7w2r4t6y0zc1aw";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String CNV = "cnv_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String PAY = "pay_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_PAY = "pay_01hx5m3k8q9v7w2r4t6y0z9999";

    private FixtureConfiguration<Commission> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Commission.class);
    }

    private static CommissionCreated created() {
        return new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "10", 490, "USD", CommissionKind.COMMISSION, null, null);
    }

    private static CommissionApproved approved() {
        return new CommissionApproved(COM, MER, CNV, AFF, 490, "USD");
    }

    private static CommissionIncludedInPayout included(String payoutId) {
        return new CommissionIncludedInPayout(COM, MER, AFF, payoutId, 490, "USD");
    }

    private static List<Object> reserved() {
        return new ArrayList<>(List.of(created(), approved(), included(PAY)));
    }

    @Test
    void reservesAnApprovedCommissionForAPayoutWithItsAmount() {
        fixture.given(created(), approved())
                .when(new IncludeCommissionInPayout(COM, MER, PAY))
                .expectEvents(included(PAY))
                .expectResultMessagePayload(included(PAY));
    }

    @Test
    void reservesAnApprovedClawbackWithItsNegativeAmount() {
        fixture.given(new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "0", -490, "USD", CommissionKind.CLAWBACK, "com_x", null),
                        new CommissionApproved(COM, MER, CNV, AFF, -490, "USD"))
                .when(new IncludeCommissionInPayout(COM, MER, PAY))
                .expectEvents(new CommissionIncludedInPayout(COM, MER, AFF, PAY, -490, "USD"));
    }

    @Test
    void reservesTheReducedAmount() {
        fixture.given(created(), new CommissionReduced(COM, MER, CNV, AFF, 490, 368, "USD", "re_1"), approved())
                .when(new IncludeCommissionInPayout(COM, MER, PAY))
                .expectEvents(new CommissionIncludedInPayout(COM, MER, AFF, PAY, 368, "USD"));
    }

    @Test
    void refusesToIncludeACommissionAlreadyInAnotherPayout() {
        fixture.given(reserved())
                .when(new IncludeCommissionInPayout(COM, MER, OTHER_PAY))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("commission " + COM + " is already in payout " + PAY)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "refuses to include a {0} commission")
    @EnumSource(value = CommissionStatus.class, names = {"PENDING", "PAID", "REJECTED", "VOIDED", "HELD"})
    void refusesToIncludeACommissionThatIsNotApproved(CommissionStatus status) {
        List<Object> history = switch (status) {
            case PENDING -> List.of(created());
            case PAID -> List.of(created(), approved(), new CommissionPaid(COM, MER, CNV, AFF, 490, "USD", "wire"));
            case REJECTED -> List.of(created(), new org.affiliateledger.events.commission.CommissionRejected(COM, MER, CNV, AFF, null));
            case VOIDED -> List.of(created(), new CommissionVoided(COM, MER, CNV, AFF, null));
            case HELD -> List.of(created(), new CommissionHeld(COM, MER, CNV, AFF, PENDING, "dispute", "dp_1"));
            default -> throw new IllegalArgumentException();
        };
        fixture.given(history)
                .when(new IncludeCommissionInPayout(COM, MER, PAY))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot include in a payout commission " + COM + ": it is " + status.wireName()
                        + " (allowed from: approved)")
                .expectNoEvents();
    }

    @Test
    void hidesAnotherMerchantsCommissionFromItsPayouts() {
        fixture.given(created(), approved())
                .when(new IncludeCommissionInPayout(COM, OTHER_MER, PAY))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void paysAReservedCommissionWhenItsPayoutIsPaid() {
        fixture.given(reserved())
                .when(new PayCommissionThroughPayout(COM, MER, PAY, "po_123"))
                .expectEvents(new CommissionPaid(COM, MER, CNV, AFF, 490, "USD", "po_123"))
                .expectResultMessagePayload(CommissionStatus.PAID);
    }

    @Test
    void paysNothingTwiceWhenThePayoutsCommandComesAgain() {
        List<Object> history = reserved();
        history.add(new CommissionPaid(COM, MER, CNV, AFF, 490, "USD", "po_123"));
        fixture.given(history)
                .when(new PayCommissionThroughPayout(COM, MER, PAY, "po_123"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToPayACommissionThroughAPayoutItIsNotIn() {
        fixture.given(reserved())
                .when(new PayCommissionThroughPayout(COM, MER, OTHER_PAY, "po_9"))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void releasesAReservedCommissionWhenItsPayoutFails() {
        fixture.given(reserved())
                .when(new ReleaseCommissionFromPayout(COM, MER, PAY, "account closed"))
                .expectEvents(new CommissionReleasedFromPayout(COM, MER, AFF, PAY, "account closed"))
                .expectResultMessagePayload(APPROVED);
    }

    @Test
    void aReleasedCommissionCanJoinALaterPayout() {
        List<Object> history = reserved();
        history.add(new CommissionReleasedFromPayout(COM, MER, AFF, PAY, "bounced"));
        fixture.given(history)
                .when(new IncludeCommissionInPayout(COM, MER, OTHER_PAY))
                .expectEvents(included(OTHER_PAY));
    }

    @Test
    void releasesNothingForAnotherPayout() {
        fixture.given(reserved())
                .when(new ReleaseCommissionFromPayout(COM, MER, OTHER_PAY, "bounced"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToVoidAReservedCommission() {
        fixture.given(reserved())
                .when(new VoidCommission(COM, MER, "changed my mind"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot void commission " + COM + ": it is in payout " + PAY
                        + "; mark that payout failed first to release it")
                .expectNoEvents();
    }

    @Test
    void refusesToPayAReservedCommissionByHand() {
        fixture.given(reserved())
                .when(new PayCommission(COM, MER, "wire-1"))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void doesNotHoldAReservedCommissionWhileItsSaleIsDisputed() {
        fixture.given(reserved())
                .when(new HoldCommissionWhileDisputed(COM, MER, "dispute dp_1 open", "dp_1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void clawsBackARefundOfAReservedCommissionInsteadOfReducingIt() {
        fixture.given(reserved())
                .when(new FollowSaleReversal(COM, MER, 1225, "re_1", CLAWBACK))
                .expectEvents(new CommissionClawedBack(COM, MER, CNV, AFF, CLAWBACK, 122, "USD", "re_1"))
                .expectResultMessagePayload(new ReversalReceipt(COM, APPROVED, APPROVED, 490, 490,
                        new CreateClawback(CLAWBACK, MER, COM, CNV, AFF, 4900, 122, "USD")));
    }

    @Test
    void keepsClawingBackAfterItsPayoutFailedSoTheClawbackIsNotCountedTwice() {
        List<Object> history = reserved();
        history.add(new CommissionClawedBack(COM, MER, CNV, AFF, "com_01hx5m3k8q9v7w2r4t6y0zc1a1", 122, "USD", "re_1"));
        history.add(new CommissionReleasedFromPayout(COM, MER, AFF, PAY, "bounced"));
        fixture.given(history)
                .when(new FollowSaleReversal(COM, MER, 4900, "re_1", CLAWBACK))
                .expectEvents(new CommissionClawedBack(COM, MER, CNV, AFF, CLAWBACK, 368, "USD", "re_1"));
    }

    @Test
    void stillReducesAnApprovedCommissionInNoPayout() {
        fixture.given(created(), approved())
                .when(new FollowSaleReversal(COM, MER, 1225, "re_1", CLAWBACK))
                .expectEvents(new CommissionReduced(COM, MER, CNV, AFF, 490, 368, "USD", "re_1"));
    }

    @Test
    void answersPaidWhenThePayoutsCommandComesAgain() {
        List<Object> history = reserved();
        history.add(new CommissionPaid(COM, MER, CNV, AFF, 490, "USD", "po_123"));
        fixture.given(history)
                .when(new PayCommissionThroughPayout(COM, MER, PAY, "po_123"))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(CommissionStatus.PAID);
    }

    @Test
    void refusesToPayAPaidCommissionThroughAnotherPayout() {
        List<Object> history = reserved();
        history.add(new CommissionPaid(COM, MER, CNV, AFF, 490, "USD", "po_123"));
        fixture.given(history)
                .when(new PayCommissionThroughPayout(COM, MER, OTHER_PAY, "po_9"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot pay commission " + COM + ": it is paid (allowed from: approved)")
                .expectNoEvents();
    }

    @Test
    void refusesToPayAPendingCommissionThroughAPayout() {
        fixture.given(created())
                .when(new PayCommissionThroughPayout(COM, MER, PAY, "po_9"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot pay commission " + COM + ": it is pending (allowed from: approved)")
                .expectNoEvents();
    }

    @Test
    void anotherMerchantCannotPayACommissionThroughAPayout() {
        fixture.given(reserved())
                .when(new PayCommissionThroughPayout(COM, OTHER_MER, PAY, "po_123"))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void anotherMerchantCannotReleaseACommissionFromAPayout() {
        fixture.given(reserved())
                .when(new ReleaseCommissionFromPayout(COM, OTHER_MER, PAY, "bounced"))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void roundsAHalfCentOfTheRemainingShareToTheEvenCentWhenReducing() {
        // 3675 of 4900 refunded: 490 × 1225 / 4900 = 122.5 → 122 (half-even; half-up would give 123)
        fixture.given(created(), approved())
                .when(new FollowSaleReversal(COM, MER, 3675, "re_1", CLAWBACK))
                .expectEvents(new CommissionReduced(COM, MER, CNV, AFF, 490, 122, "USD", "re_1"));
    }

    @Test
    void roundsAHalfCentOfTheRemainingShareToTheEvenCentWhenClawingBack() {
        // owed 122.5 → 122 (half-even), so 490 − 122 = 368 is clawed back (half-up would claw back 367)
        fixture.given(reserved())
                .when(new FollowSaleReversal(COM, MER, 3675, "re_1", CLAWBACK))
                .expectEvents(new CommissionClawedBack(COM, MER, CNV, AFF, CLAWBACK, 368, "USD", "re_1"));
    }

    @Test
    void aRewardWithoutASaleAmountFollowsNoReversal() {
        fixture.given(new CommissionCreated(COM, MER, CNV, AFF, 0, 0, "0", 500, "USD", CommissionKind.COMMISSION, null, null))
                .when(new FollowSaleReversal(COM, MER, 100, "re_1", CLAWBACK))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aReversalLargerThanTheSaleVoidsTheCommission() {
        fixture.given(created())
                .when(new FollowSaleReversal(COM, MER, 5000, "re_1", CLAWBACK))
                .expectEvents(new CommissionVoided(COM, MER, CNV, AFF, "sale reversed in full (re_1)"));
    }
}
