package org.affiliateledger.events.conversion;

/**
 * A Stripe refund or dispute of a charge the ledger never attributed (no conversion has it): recorded so that the
 * reconciliation lists it as unmatched Stripe activity, at the event position it arrived. Not an aggregate's event.
 *
 * @param activity    {@value #REFUND}, {@value #DISPUTE_OPENED}, {@value #DISPUTE_WON} or {@value #DISPUTE_LOST}
 * @param chargeId    the Stripe charge ({@code ch_…}) it is about, as Stripe named it (may be null)
 * @param objectId    the refund ({@code re_…}) or dispute ({@code dp_…}) id, else the charge id
 * @param amountCents for a refund the charge's cumulative refunded amount; for a dispute its amount
 * @param currency    ISO-4217 as Stripe sent it, upper case (null when absent)
 */
public record StripeActivityUnmatched(String merchantId, String activity, String chargeId, String objectId,
                                      long amountCents, String currency) {
    public static final String REFUND = "refund";
    public static final String DISPUTE_OPENED = "dispute_opened";
    public static final String DISPUTE_WON = "dispute_won";
    public static final String DISPUTE_LOST = "dispute_lost";
}
