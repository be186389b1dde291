package org.affiliateledger.events.commission;

/** pending → rejected */
public record CommissionRejected(String commissionId, String merchantId, String conversionId, String affiliateId, String reason) {
}
