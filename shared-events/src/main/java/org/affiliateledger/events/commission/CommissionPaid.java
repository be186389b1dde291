package org.affiliateledger.events.commission;

/** approved → paid; {@code reference} is the merchant's payment reference, when given. */
public record CommissionPaid(String commissionId, String merchantId, String conversionId, String affiliateId,
                             long amountCents, String currency, String reference) {
}
