package org.affiliateledger.events.commission;

/**
 * A paid commission was refunded (or its sale lost in a dispute): {@code amountCents} (positive) is taken back through
 * the negative clawback commission {@code clawbackCommissionId}, which nets against the affiliate's next payout.
 */
public record CommissionClawedBack(String commissionId, String merchantId, String conversionId, String affiliateId,
                                   String clawbackCommissionId, long amountCents, String currency, String reference) {
}
