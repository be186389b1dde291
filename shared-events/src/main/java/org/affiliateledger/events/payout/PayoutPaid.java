package org.affiliateledger.events.payout;

/** sent → paid; the payout saga then marks each of its commissions paid. */
public record PayoutPaid(String payoutId, String merchantId, String affiliateId, long amountCents, String currency,
                         String externalReference) {
}
