package org.affiliateledger.events.commission;

/** Payout {@code payoutId} failed: the commission is approved and unreserved again, eligible for a later payout. */
public record CommissionReleasedFromPayout(String commissionId, String merchantId, String affiliateId, String payoutId,
                                           String reason) {
}
