package org.affiliateledger.events.conversion;

/**
 * Stripe told the ledger of a refund or dispute of a charge the ledger never attributed to an affiliate: nothing to
 * adjust, but finance sees it in the reconciliation ({@link StripeActivityUnmatched}).
 *
 * @param activity one of {@link StripeActivityUnmatched#REFUND}, {@link StripeActivityUnmatched#DISPUTE_OPENED},
 *                 {@link StripeActivityUnmatched#DISPUTE_WON}, {@link StripeActivityUnmatched#DISPUTE_LOST}
 */
public record RecordUnmatchedStripeActivity(String merchantId, String activity, String chargeId, String objectId,
                                            long amountCents, String currency) {
}
