package org.affiliateledger.events.conversion;

/** What the caller learns synchronously when a conversion is recorded. */
public record ConversionReceipt(String conversionId, String commissionId, long commissionCents) {
}
