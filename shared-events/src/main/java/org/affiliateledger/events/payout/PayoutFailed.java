package org.affiliateledger.events.payout;

/** created | sent → failed; the payout saga then releases its commissions for a later payout. */
public record PayoutFailed(String payoutId, String merchantId, String affiliateId, long amountCents, String currency,
                           String reason) {
}
