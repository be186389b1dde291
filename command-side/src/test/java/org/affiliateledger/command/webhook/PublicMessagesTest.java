package org.affiliateledger.command.webhook;

import org.affiliateledger.command.webhook.PublicMessages.PublicMessage;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.affiliate.TaxFormSubmitted;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The public contract of every webhook message: which type each domain event is sent as and the fields of its
 * {@code data}, in the order they are sent (receivers and the catalog rely on both).
 */
class PublicMessagesTest {
    private static final String MER = "mer_1";

    private static void assertMessage(PublicMessage message, String type, Object... pairs) {
        assertThat(message.merchantId()).isEqualTo(MER);
        assertThat(message.type()).isEqualTo(type);
        @SuppressWarnings("unchecked")
        Map.Entry<String, Object>[] expected = new Map.Entry[pairs.length / 2];
        for (int i = 0; i < pairs.length; i += 2) {
            expected[i / 2] = entry((String) pairs[i], pairs[i + 1]);
        }
        assertThat(message.data()).containsExactly(expected);
    }

    @Test
    void anApprovedAffiliateIsSentAsAffiliateApproved() {
        assertMessage(PublicMessages.of(new AffiliateApproved("aff_1", MER)), "affiliate.approved", "affiliateId", "aff_1");
    }

    @Test
    void aReinstatedAffiliateIsSentAsApprovedAgainAndSaysSo() {
        assertMessage(PublicMessages.of(new AffiliateReinstated("aff_1", MER)), "affiliate.approved",
                "affiliateId", "aff_1", "reinstated", true);
    }

    @Test
    void aSuspensionCarriesItsReason() {
        assertMessage(PublicMessages.of(new AffiliateSuspended("aff_1", MER, "chargebacks")), "affiliate.suspended",
                "affiliateId", "aff_1", "reason", "chargebacks");
    }

    @Test
    void aPromotionCarriesTheTierItsRateAndTheRevenueThatEarnedIt() {
        assertMessage(PublicMessages.of(new AffiliateTierPromoted("aff_1", MER, "gold", "0.15", 1_000_000, "EUR", 900_000L, "con_1")),
                "affiliate.tier_promoted", "affiliateId", "aff_1", "tierName", "gold", "rate", "0.15",
                "referredRevenueCents", 1_000_000L, "currency", "EUR");
    }

    @Test
    void aCreatedCommissionCarriesItsKindInLowerCaseAndWhatItClawsBack() {
        assertMessage(PublicMessages.of(new CommissionCreated("com_2", MER, "con_1", "aff_1", 1, 10_000, "-0.1", -1_000, "USD",
                        CommissionKind.CLAWBACK, "com_1", Instant.parse("2026-01-01T00:00:00Z"))),
                "commission.created", "commissionId", "com_2", "conversionId", "con_1", "affiliateId", "aff_1", "tier", 1,
                "kind", "clawback", "rate", "-0.1", "amountCents", -1_000L, "currency", "USD", "clawbackOf", "com_1");
    }

    @Test
    void anApprovedCommissionCarriesItsAmount() {
        assertMessage(PublicMessages.of(new CommissionApproved("com_1", MER, "con_1", "aff_1", 1_250, "USD")),
                "commission.approved", "commissionId", "com_1", "conversionId", "con_1", "affiliateId", "aff_1",
                "amountCents", 1_250L, "currency", "USD");
    }

    @Test
    void aVoidedCommissionCarriesItsReason() {
        assertMessage(PublicMessages.of(new CommissionVoided("com_1", MER, "con_1", "aff_1", "refunded")),
                "commission.voided", "commissionId", "com_1", "conversionId", "con_1", "affiliateId", "aff_1",
                "reason", "refunded");
    }

    @Test
    void aPaidCommissionCarriesThePaymentsReferenceAsExternalReference() {
        assertMessage(PublicMessages.of(new CommissionPaid("com_1", MER, "con_1", "aff_1", 1_250, "USD", "wire-7")),
                "commission.paid", "commissionId", "com_1", "conversionId", "con_1", "affiliateId", "aff_1",
                "amountCents", 1_250L, "currency", "USD", "externalReference", "wire-7");
    }

    @Test
    void aFraudFlagNamesTheRuleAndTheCommissionsItHeld() {
        assertMessage(PublicMessages.of(new FraudFlagged(MER, "aff_1", "con_1", List.of("com_1", "com_2"), "velocity",
                        "12 sales in a minute", null)),
                "fraud.flagged", "conversionId", "con_1", "affiliateId", "aff_1", "commissionIds", List.of("com_1", "com_2"),
                "rule", "velocity", "detail", "12 sales in a minute");
    }

    @Test
    void everyPayoutMessageCarriesThePayoutThenWhatTellsItApart() {
        assertMessage(PublicMessages.of(new PayoutSent("pay_1", MER, "aff_1", 5_000, "USD", "batch-1")), "payout.sent",
                "payoutId", "pay_1", "affiliateId", "aff_1", "amountCents", 5_000L, "currency", "USD",
                "externalReference", "batch-1");
        assertMessage(PublicMessages.of(new PayoutPaid("pay_1", MER, "aff_1", 5_000, "USD", "wire-9")), "payout.paid",
                "payoutId", "pay_1", "affiliateId", "aff_1", "amountCents", 5_000L, "currency", "USD",
                "externalReference", "wire-9");
        assertMessage(PublicMessages.of(new PayoutFailed("pay_1", MER, "aff_1", 5_000, "USD", "account closed")), "payout.failed",
                "payoutId", "pay_1", "affiliateId", "aff_1", "amountCents", 5_000L, "currency", "USD",
                "reason", "account closed");
    }

    @Test
    void aTaxFormCarriesItsTypeAndTheDayItWasReceived() {
        assertMessage(PublicMessages.of(new TaxFormSubmitted("aff_1", MER, "W-9", LocalDate.of(2026, 3, 1),
                        Instant.parse("2026-03-01T12:00:00Z"))),
                "tax_form.submitted", "affiliateId", "aff_1", "formType", "W-9", "receivedOn", "2026-03-01");
    }
}
