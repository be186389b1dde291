package org.affiliateledger.events.commission;

/** pending → approved */
public record CommissionApproved(String commissionId, String merchantId, String conversionId, String affiliateId, long amountCents, String currency) {
}
