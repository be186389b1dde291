package org.affiliateledger.events.payout;

import java.time.Instant;
import java.util.List;

/**
 * A payout of {@code amountCents} (the sum of its commissions, clawbacks included, always positive) to one affiliate
 * in one currency. Its commissions are reserved for it by {@code CommissionIncludedInPayout} in the same unit of work.
 */
public record PayoutCreated(String payoutId, String merchantId, String affiliateId, String batchId, String currency,
                            long amountCents, List<String> commissionIds, Instant createdAt) {
}
