package org.affiliateledger.events.conversion;

/** {@code refundedCents} is cumulative and only ever grows; {@code amountCents} is the sale amount. */
public record ConversionRefunded(String conversionId, String merchantId, long refundedCents, long amountCents, String reference) {
}
