package org.affiliateledger.events.webhook;

import java.util.List;

/**
 * The public event types (the webhook {@code type}). Names may be added, never renamed: merchants filter on them.
 * The types of DESIGN.md whose domain events do not exist yet (payout.*, fraud.flagged, tax_form.submitted,
 * affiliate.tier_promoted) are listed here once those events exist.
 */
public final class PublicEventTypes {
    /** AffiliateApproved (pending → active, also when registered as active) and AffiliateReinstated (suspended → active) */
    public static final String AFFILIATE_APPROVED = "affiliate.approved";
    public static final String AFFILIATE_SUSPENDED = "affiliate.suspended";
    public static final String COMMISSION_CREATED = "commission.created";
    public static final String COMMISSION_APPROVED = "commission.approved";
    public static final String COMMISSION_VOIDED = "commission.voided";
    public static final String COMMISSION_PAID = "commission.paid";

    public static final List<String> ALL = List.of(AFFILIATE_APPROVED, AFFILIATE_SUSPENDED, COMMISSION_CREATED,
            COMMISSION_APPROVED, COMMISSION_VOIDED, COMMISSION_PAID);

    private PublicEventTypes() {
    }
}
