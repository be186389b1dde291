package org.affiliateledger.events.commission;

/**
 * An approved commission (or clawback) is reserved for payout {@code payoutId}: no other payout may include it, and it
 * is paid when that payout is paid, or released when it fails.
 */
public record CommissionIncludedInPayout(String commissionId, String merchantId, String affiliateId, String payoutId,
                                         long amountCents, String currency) {
}
