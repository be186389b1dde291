package org.affiliateledger.events.commission;

/**
 * approved → paid. {@code reference} is the merchant's payment reference, when given: the concept every public surface
 * (the commission and payout resources, the {@code commission.paid} and {@code payout.*} webhooks) names
 * {@code externalReference}; the stored field keeps its first name, because stored events outlive the code.
 */
public record CommissionPaid(String commissionId, String merchantId, String conversionId, String affiliateId,
                             long amountCents, String currency, String reference) {
}
