package org.affiliateledger.events.conversion;

public record OpenDispute(String conversionId, String merchantId, String disputeId, long amountCents) {
}
