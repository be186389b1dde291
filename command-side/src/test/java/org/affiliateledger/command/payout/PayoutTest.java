package org.affiliateledger.command.payout;

import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.payout.MarkPayoutFailed;
import org.affiliateledger.events.payout.OpenPayout;
import org.affiliateledger.events.payout.MarkPayoutPaid;
import org.affiliateledger.events.payout.MarkPayoutSent;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.affiliateledger.events.payout.PayoutStatus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** Every payout rule and transition, refusals included. */
class PayoutTest {
    private static final String PAY = "pay_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String BATCH = "pob_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String COM1 = "com_01hx5m3k8q9v7w2r4t6y0z0001";
    private static final String COM2 = "com_01hx5m3k8q9v7w2r4t6y0z0002";
    private static final String CLAWBACK = "com_01hx5m3k8q9v7w2r4t6y0z0003";
    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

    private FixtureConfiguration<Payout> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payout.class);
    }

    private static List<OpenPayout.Line> lines(long... amounts) {
        String[] ids = {COM1, COM2, CLAWBACK};
        java.util.ArrayList<OpenPayout.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            lines.add(new OpenPayout.Line(ids[i], amounts[i]));
        }
        return lines;
    }

    private static OpenPayout terms(List<OpenPayout.Line> lines, long minimum, Long threshold, boolean taxForm, long yearToDate) {
        return terms(lines, new OpenPayout.Payee(AFF, MER, AffiliateStatus.ACTIVE, taxForm), minimum, threshold, yearToDate);
    }

    private static OpenPayout terms(List<OpenPayout.Line> lines, OpenPayout.Payee payee, long minimum, Long threshold,
                                    long yearToDate) {
        return new OpenPayout(PAY, MER, AFF, BATCH, "USD", lines, payee, minimum, threshold, yearToDate, NOW);
    }

    private static PayoutCreated created(long amount) {
        return new PayoutCreated(PAY, MER, AFF, BATCH, "USD", amount, List.of(COM1, COM2, CLAWBACK), NOW);
    }

    private static final PayoutSent SENT = new PayoutSent(PAY, MER, AFF, 490, "USD", "po_123");

    // ---- creation rules ----

    @Test
    void bannedAffiliatesAreNotPaid() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(490), new OpenPayout.Payee(AFF, MER, AffiliateStatus.BANNED, true), 0, null, 0))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("affiliate " + AFF + " is banned; banned affiliates are not paid")
                .expectNoEvents();
    }

    @Test
    void suspendedAffiliatesAreNotPaidUntilReinstated() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(490), new OpenPayout.Payee(AFF, MER, AffiliateStatus.SUSPENDED, true), 0, null, 0))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("affiliate " + AFF + " is suspended; reinstate it before paying it")
                .expectNoEvents();
    }

    @Test
    void pausedAffiliatesAreStillPaid() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(490), new OpenPayout.Payee(AFF, MER, AffiliateStatus.PAUSED, false), 0, null, 0))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PayoutCreated(PAY, MER, AFF, BATCH, "USD", 490, List.of(COM1), NOW));
    }

    @Test
    void anotherMerchantsAffiliateIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(490), new OpenPayout.Payee(AFF, OTHER_MER, AffiliateStatus.ACTIVE, true), 0, null, 0))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("affiliate " + AFF + " not found")
                .expectNoEvents();
    }

    @Test
    void createsAPayoutOfTheCommissionsNetOfClawbacks() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(490, 490, -490), 0, null, false, 0))
                .expectEvents(created(490));
    }

    @Test
    void refusesAPayoutWithNothingToPay() {
        fixture.givenNoPriorActivity()
                .when(terms(List.of(), 0, null, false, 0))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("nothing to pay: affiliate " + AFF + " has no approved USD commissions that are not already in a payout")
                .expectNoEvents();
    }

    @Test
    void refusesAPayoutWhoseCommissionsAndClawbacksNetToZero() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(490, -490), 0, null, false, 0))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("nothing to pay: the approved USD commissions of affiliate " + AFF
                        + " and its clawbacks net to 0.00 USD")
                .expectNoEvents();
    }

    @Test
    void refusesANegativeBalance() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(-490), 0, null, false, 0))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("balance is negative: -4.90 USD; clawbacks exceed approved commissions of affiliate "
                        + AFF + " (they net against its next commissions)")
                .expectNoEvents();
    }

    @Test
    void rejectsPayoutBelowProgramMinimum() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(4999), 5000, null, false, 0))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("balance 49.99 USD of affiliate " + AFF + " is below the program's payout minimum of 50.00 USD")
                .expectNoEvents();
    }

    @Test
    void paysExactlyTheProgramMinimum() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(5000), 5000, null, false, 0))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PayoutCreated(PAY, MER, AFF, BATCH, "USD", 5000, List.of(COM1), NOW));
    }

    @Test
    void refusesAPayoutThatWouldTakeTheYearAboveTheTaxFormThresholdWithoutATaxForm() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(2000), 0, 60000L, false, 59000))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("affiliate " + AFF + " has no tax form on file, and its 2026 payouts in USD would "
                        + "reach 610.00 USD, above the program's tax-form threshold of 600.00 USD; record one with "
                        + "POST /api/v1/affiliates/" + AFF + "/tax-form")
                .expectNoEvents();
    }

    @Test
    void paysUpToTheTaxFormThresholdWithoutATaxForm() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(1000), 0, 60000L, false, 59000))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void paysAboveTheTaxFormThresholdWithATaxFormOnFile() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(100000), 0, 60000L, true, 59000))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void requiresNoTaxFormWithoutAThreshold() {
        fixture.givenNoPriorActivity()
                .when(terms(lines(10_000_000), 0, null, false, 10_000_000))
                .expectSuccessfulHandlerExecution();
    }

    // ---- transitions ----

    @Test
    void marksACreatedPayoutSentWithTheExternalReference() {
        fixture.given(created(490))
                .when(new MarkPayoutSent(PAY, MER, "po_123"))
                .expectEvents(SENT)
                .expectResultMessagePayload(PayoutStatus.SENT);
    }

    @Test
    void refusesToSendAPayoutTwice() {
        fixture.given(created(490), SENT)
                .when(new MarkPayoutSent(PAY, MER, "po_124"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot mark sent payout " + PAY + ": it is sent (allowed from: created)");
    }

    @Test
    void marksASentPayoutPaid() {
        fixture.given(created(490), SENT)
                .when(new MarkPayoutPaid(PAY, MER))
                .expectEvents(new PayoutPaid(PAY, MER, AFF, 490, "USD", "po_123"))
                .expectResultMessagePayload(PayoutStatus.PAID);
    }

    @Test
    void refusesToMarkAPayoutPaidBeforeItWasSent() {
        fixture.given(created(490))
                .when(new MarkPayoutPaid(PAY, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot mark paid payout " + PAY + ": it is created (allowed from: sent)")
                .expectNoEvents();
    }

    @Test
    void marksASentPayoutFailedWithTheReason() {
        fixture.given(created(490), SENT)
                .when(new MarkPayoutFailed(PAY, MER, "account closed"))
                .expectEvents(new PayoutFailed(PAY, MER, AFF, 490, "USD", "account closed"))
                .expectResultMessagePayload(PayoutStatus.FAILED);
    }

    @Test
    void marksACreatedPayoutFailedWithoutSendingIt() {
        fixture.given(created(490))
                .when(new MarkPayoutFailed(PAY, MER, "no bank details"))
                .expectEvents(new PayoutFailed(PAY, MER, AFF, 490, "USD", "no bank details"));
    }

    @Test
    void aPaidPayoutIsFinal() {
        fixture.given(created(490), SENT, new PayoutPaid(PAY, MER, AFF, 490, "USD", "po_123"))
                .when(new MarkPayoutFailed(PAY, MER, "too late"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot mark failed payout " + PAY + ": it is paid (allowed from: created, sent)")
                .expectNoEvents();
    }

    @Test
    void aFailedPayoutIsFinal() {
        fixture.given(created(490), new PayoutFailed(PAY, MER, AFF, 490, "USD", "bounced"))
                .when(new MarkPayoutSent(PAY, MER, "po_125"))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void refusesToMarkAFailedPayoutPaid() {
        fixture.given(created(490), SENT, new PayoutFailed(PAY, MER, AFF, 490, "USD", "bounced"))
                .when(new MarkPayoutPaid(PAY, MER))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void hidesAnotherMerchantsPayout() {
        fixture.given(created(490))
                .when(new MarkPayoutSent(PAY, OTHER_MER, "po_1"))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("payout " + PAY + " not found")
                .expectNoEvents();
    }

    @Test
    void anotherMerchantCannotMarkAPayoutPaid() {
        fixture.given(created(490), SENT)
                .when(new MarkPayoutPaid(PAY, OTHER_MER))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("payout " + PAY + " not found")
                .expectNoEvents();
    }

    @Test
    void anotherMerchantCannotMarkAPayoutFailed() {
        fixture.given(created(490), SENT)
                .when(new MarkPayoutFailed(PAY, OTHER_MER, "bounced"))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("payout " + PAY + " not found")
                .expectNoEvents();
    }

    @Test
    void anotherMerchantCannotMarkACreatedPayoutFailed() {
        fixture.given(created(490))
                .when(new MarkPayoutFailed(PAY, OTHER_MER, "no bank details"))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }
}
