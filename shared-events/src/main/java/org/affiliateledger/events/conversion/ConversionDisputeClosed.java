package org.affiliateledger.events.conversion;

/** {@code lostCents} is what the lost dispute took back (0 when won). */
public record ConversionDisputeClosed(String conversionId, String merchantId, String disputeId, boolean won, long lostCents) {
}
