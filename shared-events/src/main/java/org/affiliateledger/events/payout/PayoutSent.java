package org.affiliateledger.events.payout;

/** created → sent */
public record PayoutSent(String payoutId, String merchantId, String affiliateId, long amountCents, String currency,
                         String externalReference) {
}
