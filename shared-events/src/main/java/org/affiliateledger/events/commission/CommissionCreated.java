package org.affiliateledger.events.commission;

/** tier 0 is the referring affiliate; higher tiers are its ancestors. */
public record CommissionCreated(String commissionId, String merchantId, String conversionId, String affiliateId, int tier, long baseAmountCents, String rate, long amountCents, String currency) {
}
