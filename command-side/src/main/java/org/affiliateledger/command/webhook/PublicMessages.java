package org.affiliateledger.command.webhook;

import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.affiliate.TaxFormSubmitted;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.affiliateledger.events.webhook.PublicEventTypes;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The event-to-message mapping: which public type each domain event is sent as, and the fields of its {@code data}
 * (the catalog, {@code GET /api/v1/webhook-event-types}, documents the same fields). Pure: no I/O, one method per event.
 */
final class PublicMessages {
    private PublicMessages() {
    }

    /** A message before it is routed: whose it is, its public type, its {@code data} (in the order sent). */
    record PublicMessage(String merchantId, String type, Map<String, Object> data) {
    }

    static PublicMessage of(AffiliateApproved event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.AFFILIATE_APPROVED, data("affiliateId", event.affiliateId()));
    }

    static PublicMessage of(AffiliateReinstated event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.AFFILIATE_APPROVED,
                data("affiliateId", event.affiliateId(), "reinstated", true));
    }

    static PublicMessage of(AffiliateSuspended event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.AFFILIATE_SUSPENDED,
                data("affiliateId", event.affiliateId(), "reason", event.reason()));
    }

    static PublicMessage of(AffiliateTierPromoted event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.AFFILIATE_TIER_PROMOTED, data("affiliateId", event.affiliateId(),
                "tierName", event.tierName(), "rate", event.rate(), "referredRevenueCents", event.referredRevenueCents(),
                "currency", event.currency()));
    }

    static PublicMessage of(CommissionCreated event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.COMMISSION_CREATED, data("commissionId", event.commissionId(),
                "conversionId", event.conversionId(), "affiliateId", event.affiliateId(), "tier", event.tier(),
                "kind", event.kind().name().toLowerCase(Locale.ROOT), "rate", event.rate(), "amountCents", event.amountCents(),
                "currency", event.currency(), "clawbackOf", event.clawbackOf()));
    }

    static PublicMessage of(CommissionApproved event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.COMMISSION_APPROVED, data("commissionId", event.commissionId(),
                "conversionId", event.conversionId(), "affiliateId", event.affiliateId(), "amountCents", event.amountCents(),
                "currency", event.currency()));
    }

    static PublicMessage of(CommissionVoided event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.COMMISSION_VOIDED, data("commissionId", event.commissionId(),
                "conversionId", event.conversionId(), "affiliateId", event.affiliateId(), "reason", event.reason()));
    }

    static PublicMessage of(CommissionPaid event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.COMMISSION_PAID, data("commissionId", event.commissionId(),
                "conversionId", event.conversionId(), "affiliateId", event.affiliateId(), "amountCents", event.amountCents(),
                "currency", event.currency(), "externalReference", event.reference()));
    }

    static PublicMessage of(FraudFlagged event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.FRAUD_FLAGGED, data("conversionId", event.conversionId(),
                "affiliateId", event.affiliateId(), "commissionIds", event.commissionIds(), "rule", event.rule(),
                "detail", event.detail()));
    }

    static PublicMessage of(PayoutSent event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.PAYOUT_SENT, payout(event.payoutId(), event.affiliateId(),
                event.amountCents(), event.currency(), "externalReference", event.externalReference()));
    }

    static PublicMessage of(PayoutPaid event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.PAYOUT_PAID, payout(event.payoutId(), event.affiliateId(),
                event.amountCents(), event.currency(), "externalReference", event.externalReference()));
    }

    static PublicMessage of(PayoutFailed event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.PAYOUT_FAILED, payout(event.payoutId(), event.affiliateId(),
                event.amountCents(), event.currency(), "reason", event.reason()));
    }

    static PublicMessage of(TaxFormSubmitted event) {
        return new PublicMessage(event.merchantId(), PublicEventTypes.TAX_FORM_SUBMITTED, data("affiliateId", event.affiliateId(),
                "formType", event.formType(), "receivedOn", event.receivedOn().toString()));
    }

    /** The fields every payout.* message carries, then the one that tells them apart. */
    static Map<String, Object> payout(String payoutId, String affiliateId, long amountCents, String currency,
                                       String detailName, Object detail) {
        return data("payoutId", payoutId, "affiliateId", affiliateId, "amountCents", amountCents, "currency", currency,
                detailName, detail);
    }

    static Map<String, Object> data(Object... pairs) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            data.put((String) pairs[i], pairs[i + 1]);
        }
        return data;
    }
}
