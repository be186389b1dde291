package org.affiliateledger.events.conversion;

public record ConversionDisputed(String conversionId, String merchantId, String disputeId, long amountCents) {
}
