package org.affiliateledger.events.commission;

/** pending | approved | held → voided */
public record CommissionVoided(String commissionId, String merchantId, String conversionId, String affiliateId, String reason) {
}
