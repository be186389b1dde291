package org.affiliateledger.events.commission;

/** pending | approved → voided */
public record CommissionVoided(String commissionId, String merchantId, String conversionId, String affiliateId, String reason) {
}
