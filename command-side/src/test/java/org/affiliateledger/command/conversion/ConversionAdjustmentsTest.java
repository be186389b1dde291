package org.affiliateledger.command.conversion;

import org.affiliateledger.command.InMemoryLedger;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionClawedBack;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.conversion.AdjustmentReceipt;
import org.affiliateledger.events.conversion.CloseDispute;
import org.affiliateledger.events.conversion.ConversionDisputeClosed;
import org.affiliateledger.events.conversion.ConversionDisputed;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.OpenDispute;
import org.affiliateledger.events.conversion.RecordRefund;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Refunds and disputes of a recorded sale and what each does to its commissions — the referrer's (com_1, 10 % of
 * 100.00) and its parent's (com_2, 5 %): reduced in proportion, voided, held, released, or clawed back once paid.
 */
class ConversionAdjustmentsTest {
    private static final String MER = "mer_1";
    private static final String ANN = "aff_ann";
    private static final String BOB = "aff_bob";
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final FraudScreen fraud = mock(FraudScreen.class);
    private final ConversionAdjustments adjustments = new ConversionAdjustments(ledger.conversions, ledger.commissions, fraud);

    @BeforeEach
    void aSaleOfOneHundredWithTwoCommissions() {
        ledger.given(Conversion.class, "cnv_1", new ConversionRecorded("cnv_1", MER, ANN, ConversionSource.MANUAL, null,
                10_000, "USD", "com_1", "10", 1_000, null, AT, null, null, List.of("com_2")));
        ledger.given(Commission.class, "com_1", new CommissionCreated("com_1", MER, "cnv_1", ANN, 0, 10_000, "10", 1_000,
                "USD", CommissionKind.COMMISSION, null, AT));
        ledger.given(Commission.class, "com_2", new CommissionCreated("com_2", MER, "cnv_1", BOB, 1, 10_000, "5", 500,
                "USD", CommissionKind.COMMISSION, null, AT));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private AdjustmentReceipt refund(long refundedCents) throws Exception {
        return ledger.run(() -> adjustments.handle(new RecordRefund("cnv_1", MER, refundedCents, "re_1")));
    }

    private AdjustmentReceipt open(String disputeId) throws Exception {
        return ledger.run(() -> adjustments.handle(new OpenDispute("cnv_1", MER, disputeId, 10_000)));
    }

    private AdjustmentReceipt close(String disputeId, boolean won, long amountCents) throws Exception {
        return ledger.run(() -> adjustments.handle(new CloseDispute("cnv_1", MER, disputeId, won, amountCents)));
    }

    private Object last(String aggregateId) {
        List<Object> events = ledger.eventsOf(aggregateId);
        return events.get(events.size() - 1);
    }

    private void paid(String commissionId, String affiliateId, long amountCents) {
        ledger.given(Commission.class, commissionId,
                new CommissionApproved(commissionId, MER, "cnv_1", affiliateId, amountCents, "USD"),
                new CommissionPaid(commissionId, MER, "cnv_1", affiliateId, amountCents, "USD", "manual"));
    }

    @Nested
    class Refunds {
        @Test
        void aPartialRefundReducesEachUnpaidCommissionInProportion() throws Exception {
            AdjustmentReceipt receipt = refund(2_500);

            assertThat(last("cnv_1")).isEqualTo(new ConversionRefunded("cnv_1", MER, 2_500, 10_000, "re_1"));
            assertThat(last("com_1")).isEqualTo(new CommissionReduced("com_1", MER, "cnv_1", ANN, 1_000, 750, "USD", "re_1"));
            assertThat(last("com_2")).isEqualTo(new CommissionReduced("com_2", MER, "cnv_1", BOB, 500, 375, "USD", "re_1"));
            assertThat(receipt).isEqualTo(new AdjustmentReceipt("cnv_1", List.of("com_1 reduced to 750", "com_2 reduced to 375")));
        }

        @Test
        void countsTowardsTheAffiliatesRefundRate() throws Exception {
            refund(2_500);
            verify(fraud).refunded("cnv_1");
        }

        @Test
        void aFullRefundVoidsTheCommissions() throws Exception {
            AdjustmentReceipt receipt = refund(10_000);
            assertThat(last("com_1")).isInstanceOf(CommissionVoided.class);
            assertThat(((CommissionVoided) last("com_1")).reason()).isEqualTo("sale reversed in full (re_1)");
            assertThat(receipt.changes()).containsExactly("com_1 voided", "com_2 voided");
        }

        @Test
        void aRepeatedNoticeChangesNothingAndCountsOnce() throws Exception {
            refund(2_500);
            int conversionEvents = ledger.eventsOf("cnv_1").size();
            int commissionEvents = ledger.eventsOf("com_1").size();

            AdjustmentReceipt again = refund(2_500);

            assertThat(again).isEqualTo(new AdjustmentReceipt("cnv_1", List.of()));
            assertThat(ledger.eventsOf("cnv_1")).hasSize(conversionEvents);
            assertThat(ledger.eventsOf("com_1")).hasSize(commissionEvents);
            verify(fraud, times(1)).refunded("cnv_1");
        }

        @Test
        void aLargerSecondRefundReducesFurtherFromTheOriginalAmount() throws Exception {
            refund(2_500);
            AdjustmentReceipt receipt = refund(5_000);
            assertThat(last("com_1")).isEqualTo(new CommissionReduced("com_1", MER, "cnv_1", ANN, 750, 500, "USD", "re_1"));
            assertThat(receipt.changes()).containsExactly("com_1 reduced to 500", "com_2 reduced to 250");
        }

        @Test
        void aPaidCommissionIsClawedBackThroughANewApprovedNegativeCommission() throws Exception {
            paid("com_1", ANN, 1_000);
            AdjustmentReceipt receipt = refund(2_500);

            CommissionClawedBack clawedBack = (CommissionClawedBack) last("com_1");
            assertThat(clawedBack.amountCents()).isEqualTo(250);
            assertThat(clawedBack.reference()).isEqualTo("re_1");
            String clawbackId = clawedBack.clawbackCommissionId();
            assertThat(clawbackId).startsWith("com_");
            assertThat(ledger.eventsOf(clawbackId)).containsExactly(
                    new CommissionCreated(clawbackId, MER, "cnv_1", ANN, 0, 10_000, "0", -250, "USD", CommissionKind.CLAWBACK,
                            "com_1", null),
                    new CommissionApproved(clawbackId, MER, "cnv_1", ANN, -250, "USD"));
            assertThat(receipt.changes()).containsExactly("com_1 clawed back 250 as " + clawbackId, "com_2 reduced to 375");
        }

        @Test
        void ofAnotherMerchantsConversionIsNotFound() {
            assertThatThrownBy(() -> ledger.run(() -> adjustments.handle(new RecordRefund("cnv_1", "mer_other", 2_500, "re_1"))))
                    .isInstanceOf(NotFoundException.class);
            assertThat(ledger.eventsOf("cnv_1")).hasSize(1);
            verifyNoInteractions(fraud);
        }

        @Test
        void ofAnUnknownConversionIsNotFound() {
            assertThatThrownBy(() -> ledger.run(() -> adjustments.handle(new RecordRefund("cnv_nope", MER, 2_500, "re_1"))))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("cnv_nope");
        }
    }

    @Nested
    class Disputes {
        @Test
        void anOpenDisputeHoldsEveryUnpaidCommission() throws Exception {
            ledger.given(Commission.class, "com_2", new CommissionApproved("com_2", MER, "cnv_1", BOB, 500, "USD"));
            AdjustmentReceipt receipt = open("dp_1");

            assertThat(last("cnv_1")).isEqualTo(new ConversionDisputed("cnv_1", MER, "dp_1", 10_000));
            assertThat(last("com_1")).isEqualTo(new CommissionHeld("com_1", MER, "cnv_1", ANN, CommissionStatus.PENDING,
                    "dispute dp_1 open", "dp_1"));
            assertThat(last("com_2")).isEqualTo(new CommissionHeld("com_2", MER, "cnv_1", BOB, CommissionStatus.APPROVED,
                    "dispute dp_1 open", "dp_1"));
            assertThat(receipt.changes()).containsExactly("com_1 held", "com_2 held");
        }

        @Test
        void aPaidCommissionIsNotHeld() throws Exception {
            paid("com_1", ANN, 1_000);
            AdjustmentReceipt receipt = open("dp_1");
            assertThat(last("com_1")).isInstanceOf(CommissionPaid.class);
            assertThat(receipt.changes()).containsExactly("com_2 held");
        }

        @Test
        void theSameDisputeOpenedTwiceHoldsOnce() throws Exception {
            open("dp_1");
            int events = ledger.eventsOf("com_1").size();
            AdjustmentReceipt again = open("dp_1");
            assertThat(again.changes()).isEmpty();
            assertThat(ledger.eventsOf("com_1")).hasSize(events);
        }

        @Test
        void aClosedDisputeNoticedOpenAgainHoldsNothing() throws Exception {
            open("dp_1");
            close("dp_1", true, 10_000);
            int events = ledger.eventsOf("com_1").size();
            AdjustmentReceipt again = open("dp_1");
            assertThat(again.changes()).isEmpty();
            assertThat(ledger.eventsOf("com_1")).hasSize(events);
            assertThat(last("com_1")).isInstanceOf(CommissionReleased.class);
        }

        @Test
        void aWonDisputeReleasesTheCommissionsWhereTheyWereHeld() throws Exception {
            open("dp_1");
            AdjustmentReceipt receipt = close("dp_1", true, 10_000);

            assertThat(last("cnv_1")).isEqualTo(new ConversionDisputeClosed("cnv_1", MER, "dp_1", true, 0));
            assertThat(last("com_1")).isEqualTo(new CommissionReleased("com_1", MER, "cnv_1", ANN, CommissionStatus.PENDING, "dp_1"));
            assertThat(receipt.changes()).containsExactly("com_1 released", "com_2 released");
            verifyNoInteractions(fraud);
        }

        @Test
        void aDisputeLostInFullVoidsTheHeldCommissions() throws Exception {
            open("dp_1");
            AdjustmentReceipt receipt = close("dp_1", false, 10_000);

            assertThat(last("cnv_1")).isEqualTo(new ConversionDisputeClosed("cnv_1", MER, "dp_1", false, 10_000));
            assertThat(last("com_1")).isInstanceOf(CommissionVoided.class);
            assertThat(receipt.changes()).containsExactly("com_1 voided", "com_2 voided");
        }

        @Test
        void aDisputeLostInPartReducesThenReleasesTheCommissions() throws Exception {
            open("dp_1");
            AdjustmentReceipt receipt = close("dp_1", false, 2_500);

            assertThat(ledger.eventsOf("com_1")).endsWith(
                    new CommissionReduced("com_1", MER, "cnv_1", ANN, 1_000, 750, "USD", "dp_1"),
                    new CommissionReleased("com_1", MER, "cnv_1", ANN, CommissionStatus.PENDING, "dp_1"));
            assertThat(receipt.changes()).containsExactly("com_1 reduced to 750", "com_2 reduced to 375",
                    "com_1 released", "com_2 released");
        }

        @Test
        void aLostDisputeClawsBackAPaidCommission() throws Exception {
            paid("com_1", ANN, 1_000);
            open("dp_1");
            AdjustmentReceipt receipt = close("dp_1", false, 10_000);
            assertThat(((CommissionClawedBack) last("com_1")).amountCents()).isEqualTo(1_000);
            assertThat(receipt.changes().get(0)).startsWith("com_1 clawed back 1000 as com_");
        }

        @Test
        void theCommissionsStayHeldWhileAnotherDisputeIsOpen() throws Exception {
            open("dp_1");
            open("dp_2");
            AdjustmentReceipt receipt = close("dp_1", true, 10_000);
            assertThat(receipt.changes()).isEmpty();
            assertThat(last("com_1")).isInstanceOf(CommissionHeld.class);
        }

        @Test
        void aDisputeClosedTwiceChangesNothingTheSecondTime() throws Exception {
            open("dp_1");
            close("dp_1", false, 2_500);
            int events = ledger.eventsOf("com_1").size();
            AdjustmentReceipt again = close("dp_1", false, 2_500);
            assertThat(again.changes()).isEmpty();
            assertThat(ledger.eventsOf("com_1")).hasSize(events);
        }

        @Test
        void ofAnotherMerchantsConversionIsNotFound() {
            assertThatThrownBy(() -> ledger.run(() -> adjustments.handle(new OpenDispute("cnv_1", "mer_other", "dp_1", 10_000))))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> ledger.run(() -> adjustments.handle(new CloseDispute("cnv_1", "mer_other", "dp_1", false, 1))))
                    .isInstanceOf(NotFoundException.class);
            assertThat(ledger.eventsOf("com_1")).hasSize(1);
            verify(fraud, never()).refunded("cnv_1");
        }
    }
}
