package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionClawedBack;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.StripeActivityUnmatched;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule on hand-made histories: silent on a consistent one, a break with both amounts and its events otherwise. */
class RulesTest {
    private static final String MER = "mer_1";
    private static final String AFF = "aff_1";
    private static final Instant T = Instant.parse("2026-03-15T12:00:00Z");

    private final Books books = new Books(at -> true);
    private long position;

    private void given(Object... payloads) {
        for (Object payload : payloads) {
            position++;
            books.apply(new LedgerEvent(position, "evt-" + position, "api_key:key_1", T, payload));
        }
    }

    private static ConversionRecorded sale(String id, long cents, String commissionId) {
        return new ConversionRecorded(id, MER, AFF, ConversionSource.MANUAL, null, cents, "USD", commissionId, "10",
                cents / 10, null, T);
    }

    private static CommissionCreated commission(String id, String conversion, long base, String rate, long amount) {
        return new CommissionCreated(id, MER, conversion, AFF, 0, base, rate, amount, "USD", CommissionKind.COMMISSION, null, T);
    }

    private static CommissionPaid paid(String id, long amount) {
        return new CommissionPaid(id, MER, "cnv_1", AFF, amount, "USD", null);
    }

    private List<Break> check(ReconciliationRule rule) {
        return rule.check(books);
    }

    @Nested
    class CommissionAmount {
        @Test
        void roundsHalfEvenAtTheRecordedRate() {
            // 12.5 % of 1,004 = 125.5 → 126 (even); of 1,012 = 126.5 → 126
            given(sale("cnv_1", 1004, "com_1"), commission("com_1", "cnv_1", 1004, "12.5", 126),
                    sale("cnv_2", 1012, "com_2"), commission("com_2", "cnv_2", 1012, "12.5", 126));
            assertThat(check(new CommissionAmountRule())).isEmpty();
        }

        @Test
        void reportsAnAmountThatIsNotBaseTimesRate() {
            given(sale("cnv_1", 10_000, "com_1"), commission("com_1", "cnv_1", 10_000, "10", 999));
            assertThat(check(new CommissionAmountRule())).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo("commission_amount_mismatch");
                assertThat(b.expectedCents()).isEqualTo(1000);
                assertThat(b.actualCents()).isEqualTo(999);
                assertThat(b.rate()).isEqualTo("10");
                assertThat(b.events()).extracting(EventRef::position).containsExactly(1L, 2L);
            });
        }

        @Test
        void addsTheFlatRewardOfAnEventConversionsReferrer() {
            given(new ConversionRecorded("cnv_1", MER, AFF, ConversionSource.EVENT, "sub_1", 2000, "USD", "com_1", "5", 600,
                            null, T, "signup", null, List.of(), 500L),
                    commission("com_1", "cnv_1", 2000, "5", 600));
            assertThat(check(new CommissionAmountRule())).isEmpty();
        }
    }

    @Nested
    class RefundProportion {
        @Test
        void aPartialRefundReducesAndAFullOneVoids() {
            given(sale("cnv_1", 4000, "com_1"), commission("com_1", "cnv_1", 4000, "10", 400),
                    new ConversionRefunded("cnv_1", MER, 1000, 4000, "re_1"),
                    new CommissionReduced("com_1", MER, "cnv_1", AFF, 400, 300, "USD", "re_1"),
                    sale("cnv_2", 1000, "com_2"), commission("com_2", "cnv_2", 1000, "10", 100),
                    new ConversionRefunded("cnv_2", MER, 1000, 1000, "re_2"),
                    new CommissionVoided("com_2", MER, "cnv_2", AFF, "refunded"));
            assertThat(check(new RefundProportionRule())).isEmpty();
        }

        @Test
        void aPaidCommissionIsClawedBackInProportion() {
            given(sale("cnv_1", 4000, "com_1"), commission("com_1", "cnv_1", 4000, "10", 400),
                    new CommissionApproved("com_1", MER, "cnv_1", AFF, 400, "USD"), paid("com_1", 400),
                    new ConversionRefunded("cnv_1", MER, 3000, 4000, "re_1"),
                    new CommissionClawedBack("com_1", MER, "cnv_1", AFF, "com_k", 300, "USD", "re_1"),
                    new CommissionCreated("com_k", MER, "cnv_1", AFF, 0, 4000, "0", -300, "USD", CommissionKind.CLAWBACK, "com_1", null));
            assertThat(check(new RefundProportionRule())).isEmpty();
            assertThat(check(new BalanceInvariantRule())).isEmpty();
        }

        @Test
        void reportsARefundThatReducedNothing() {
            given(sale("cnv_1", 6000, "com_1"), commission("com_1", "cnv_1", 6000, "10", 600),
                    new ConversionRefunded("cnv_1", MER, 3000, 6000, "re_1"));
            assertThat(check(new RefundProportionRule())).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo("refund_not_proportional");
                assertThat(b.expectedCents()).isEqualTo(300);
                assertThat(b.actualCents()).isEqualTo(600);
            });
        }

        @Test
        void owedRoundsHalfEven() {
            assertThat(RefundProportionRule.owed(125, 1000, 500)).isEqualTo(62); // 62.5 → 62
            assertThat(RefundProportionRule.owed(127, 1000, 500)).isEqualTo(64); // 63.5 → 64
            assertThat(RefundProportionRule.owed(100, 1000, 2000)).isZero();
        }
    }

    @Nested
    class Payouts {
        private void paidPayoutOf(long commissionCents, long payoutCents) {
            given(sale("cnv_1", commissionCents * 10, "com_1"), commission("com_1", "cnv_1", commissionCents * 10, "10", commissionCents),
                    new CommissionApproved("com_1", MER, "cnv_1", AFF, commissionCents, "USD"),
                    new PayoutCreated("pay_1", MER, AFF, null, "USD", payoutCents, List.of("com_1"), T),
                    new CommissionIncludedInPayout("com_1", MER, AFF, "pay_1", commissionCents, "USD"),
                    new PayoutSent("pay_1", MER, AFF, payoutCents, "USD", null),
                    new PayoutPaid("pay_1", MER, AFF, payoutCents, "USD", null));
        }

        @Test
        void aPayoutPaidWithItsCommissionsIsClean() {
            paidPayoutOf(500, 500);
            given(paid("com_1", 500));
            assertThat(check(new PaidPayoutRule())).isEmpty();
            assertThat(check(new SinglePaymentRule())).isEmpty();
            assertThat(check(new BalanceInvariantRule())).isEmpty();
        }

        @Test
        void theSagaStillPayingIsNotABreak() {
            paidPayoutOf(500, 500);
            assertThat(check(new PaidPayoutRule())).isEmpty();
        }

        @Test
        void reportsAPaidPayoutWhoseCommissionWasVoided() {
            paidPayoutOf(500, 500);
            given(new CommissionVoided("com_1", MER, "cnv_1", AFF, "meanwhile"));
            assertThat(check(new PaidPayoutRule())).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo("paid_payout_commission_not_paid");
                assertThat(b.subjectId()).isEqualTo("com_1");
                assertThat(b.events()).extracting(EventRef::type).contains("payout.paid", "commission.voided");
            });
        }

        @Test
        void reportsAPayoutAmountThatIsNotTheSumOfItsCommissions() {
            paidPayoutOf(500, 700);
            given(paid("com_1", 500));
            assertThat(check(new PaidPayoutRule())).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo("payout_amount_mismatch");
                assertThat(b.expectedCents()).isEqualTo(500);
                assertThat(b.actualCents()).isEqualTo(700);
            });
        }

        @Test
        void reportsACommissionPaidTwiceAndTheBalanceItBreaks() {
            paidPayoutOf(500, 500);
            given(paid("com_1", 500), paid("com_1", 500));
            assertThat(check(new SinglePaymentRule())).extracting(Break::kind).containsExactly("commission_paid_twice");
            assertThat(check(new BalanceInvariantRule())).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo("balance_invariant_violated");
                assertThat(b.expectedCents()).isEqualTo(-500);
                assertThat(b.actualCents()).isZero();
                assertThat(b.events()).isNotEmpty();
            });
        }

        @Test
        void reportsACommissionPaidWhileItsPayoutWasNot() {
            given(sale("cnv_1", 5000, "com_1"), commission("com_1", "cnv_1", 5000, "10", 500),
                    new CommissionApproved("com_1", MER, "cnv_1", AFF, 500, "USD"),
                    new PayoutCreated("pay_1", MER, AFF, null, "USD", 500, List.of("com_1"), T),
                    new CommissionIncludedInPayout("com_1", MER, AFF, "pay_1", 500, "USD"),
                    paid("com_1", 500));
            assertThat(check(new SinglePaymentRule())).extracting(Break::kind).containsExactly("commission_paid_outside_payout");
        }

        @Test
        void aCommissionMarkedPaidByHandIsNoBreak() {
            given(sale("cnv_1", 5000, "com_1"), commission("com_1", "cnv_1", 5000, "10", 500),
                    new CommissionApproved("com_1", MER, "cnv_1", AFF, 500, "USD"), paid("com_1", 500));
            assertThat(check(new SinglePaymentRule())).isEmpty();
        }
    }

    @Test
    void theReportListsUnmatchedStripeActivityAndIsTheSameEveryTime() {
        Reconciler first = new Reconciler(null, null, null);
        Reconciler second = new Reconciler(null, null, null);
        List<LedgerEvent> events = List.of(
                new LedgerEvent(1, "e1", "api_key:k", T, sale("cnv_1", 5000, "com_1")),
                new LedgerEvent(2, "e2", "api_key:k", T, commission("com_1", "cnv_1", 5000, "10", 500)),
                new LedgerEvent(3, "e3", "stripe:evt_9", T, new StripeActivityUnmatched(MER, "refund", "ch_x", "re_x", 700, "USD")));
        events.forEach(first::accept);
        events.forEach(second::accept);
        ReconciliationReport report = first.report(3);
        assertThat(report).isEqualTo(second.report(3));
        assertThat(report.balanced()).isTrue();
        assertThat(report.unmatchedStripeActivity()).singleElement().satisfies(u -> {
            assertThat(u.stripeEventId()).isEqualTo("evt_9");
            assertThat(u.chargeId()).isEqualTo("ch_x");
        });
        assertThat(report.currencies()).singleElement().satisfies(c -> {
            assertThat(c.total().commissions().earnedCents()).isEqualTo(500);
            assertThat(c.total().balance().pendingCents()).isEqualTo(500);
            assertThat(c.affiliates()).extracting(ReconciliationReport.AffiliateLine::affiliateId).containsExactly(AFF);
        });
        assertThat(ReconciliationCsv.of(report)).startsWith("record,at_position,").contains("\r\nunmatched_stripe_activity,3,USD,,");
    }

    @Test
    void aPeriodCountsOnlyMovementsEffectiveInItButBalancesAtTheCut() {
        Reconciler march = new Reconciler(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-31T23:59:59Z"), "USD");
        march.accept(new LedgerEvent(1, "e1", "a", Instant.parse("2026-02-10T00:00:00Z"), sale("cnv_1", 5000, "com_1")));
        march.accept(new LedgerEvent(2, "e2", "a", Instant.parse("2026-02-10T00:00:00Z"), commission("com_1", "cnv_1", 5000, "10", 500)));
        march.accept(new LedgerEvent(3, "e3", "a", Instant.parse("2026-03-10T00:00:00Z"), sale("cnv_2", 3000, "com_2")));
        march.accept(new LedgerEvent(4, "e4", "a", Instant.parse("2026-03-10T00:00:00Z"), commission("com_2", "cnv_2", 3000, "10", 300)));
        ReconciliationReport report = march.report(4);
        var line = report.currencies().get(0).affiliates().get(0);
        assertThat(line.revenue().manualConversionsCents()).isEqualTo(3000);
        assertThat(line.commissions().earnedCents()).isEqualTo(300);
        assertThat(line.balance().earnedCents()).isEqualTo(800);
        assertThat(line.balance().pendingCents()).isEqualTo(800);
        assertThat(report.from()).isEqualTo("2026-03-01T00:00:00.000Z");
        assertThat(new Reconciler(null, null, "EUR").report(0).currencies()).isEmpty();
    }
}
