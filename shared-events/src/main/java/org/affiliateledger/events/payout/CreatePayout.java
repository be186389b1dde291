package org.affiliateledger.events.payout;

import java.time.Instant;

/**
 * Pays one affiliate everything it is owed in one currency: its approved commissions that are not in another payout,
 * net of its clawbacks. {@code currency} null means the program's currency; {@code batchId} names the batch it is
 * part of, if any.
 */
public record CreatePayout(String payoutId, String merchantId, String affiliateId, String currency, String batchId,
                           Instant createdAt) {
}
