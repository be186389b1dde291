package org.affiliateledger.events.conversion;

/**
 * What the caller learns synchronously when a conversion is recorded. {@code commissionId} is null for an event that
 * earns nothing; {@code affiliateId} is the affiliate credited (the click session's, when none was named).
 */
public record ConversionReceipt(String conversionId, String commissionId, long commissionCents, String affiliateId) {
    public ConversionReceipt(String conversionId, String commissionId, long commissionCents) {
        this(conversionId, commissionId, commissionCents, null);
    }
}
