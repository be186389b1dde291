package org.affiliateledger.events.conversion;

/** {@code won} false means the disputed {@code amountCents} went back to the customer. */
public record CloseDispute(String conversionId, String merchantId, String disputeId, boolean won, long amountCents) {
}
