package org.affiliateledger.events.webhook;

import java.util.List;

/**
 * The public event types (the webhook {@code type}). Names may be added, never renamed: merchants filter on them.
 * The types of DESIGN.md whose domain events do not exist yet (payout.*, tax_form.submitted) are listed
 * here once those events exist.
 */
public final class PublicEventTypes {
    /** AffiliateApproved (pending → active, also when registered as active) and AffiliateReinstated (suspended → active) */
    public static final String AFFILIATE_APPROVED = "affiliate.approved";
    public static final String AFFILIATE_SUSPENDED = "affiliate.suspended";
    /** AffiliateTierPromoted: referred revenue reached a performance tier */
    public static final String AFFILIATE_TIER_PROMOTED = "affiliate.tier_promoted";
    public static final String COMMISSION_CREATED = "commission.created";
    public static final String COMMISSION_APPROVED = "commission.approved";
    public static final String COMMISSION_VOIDED = "commission.voided";
    public static final String COMMISSION_PAID = "commission.paid";
    /** FraudFlagged: a fraud rule held a conversion's commissions from approval until a person clears or voids them */
    public static final String FRAUD_FLAGGED = "fraud.flagged";

    /** PayoutSent (created → sent) */
    public static final String PAYOUT_SENT = "payout.sent";
    /** PayoutPaid (sent → paid) */
    public static final String PAYOUT_PAID = "payout.paid";
    /** PayoutFailed (created | sent → failed; its commissions are released) — added to DESIGN's list */
    public static final String PAYOUT_FAILED = "payout.failed";
    /** TaxFormSubmitted */
    public static final String TAX_FORM_SUBMITTED = "tax_form.submitted";

    /**
     * Not a public event type: the {@code type} of the message "send a test event" sends to one endpoint whatever its
     * filter. An endpoint's {@code event_types} cannot name it.
     */
    public static final String TEST = "webhook.test";

    public static final List<String> ALL = List.of(AFFILIATE_APPROVED, AFFILIATE_SUSPENDED, COMMISSION_CREATED,
            COMMISSION_APPROVED, COMMISSION_VOIDED, COMMISSION_PAID, AFFILIATE_TIER_PROMOTED, FRAUD_FLAGGED,
            PAYOUT_SENT, PAYOUT_PAID, PAYOUT_FAILED, TAX_FORM_SUBMITTED);

    private PublicEventTypes() {
    }
}
