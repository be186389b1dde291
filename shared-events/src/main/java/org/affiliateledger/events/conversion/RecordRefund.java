package org.affiliateledger.events.conversion;

/**
 * The sale was refunded: {@code refundedCents} is the cumulative refunded amount (Stripe's {@code amount_refunded}),
 * so a redelivered or reordered notification never refunds twice.
 */
public record RecordRefund(String conversionId, String merchantId, long refundedCents, String reference) {
}
