package org.affiliateledger.command.payout;

import java.time.Instant;
import java.util.List;

/**
 * What a new payout is decided on, gathered by {@link PayoutCreation}: the commissions it reserved (clawbacks are
 * negative lines), the program's payout rules, and the affiliate's tax-form facts for the payout's calendar year.
 *
 * @param yearToDateCents the affiliate's payouts in this currency created this calendar year (UTC), paid or pending
 *                        (failed ones do not count), before this one
 */
record PayoutTerms(String payoutId, String merchantId, String affiliateId, String batchId, String currency,
                   List<Line> lines, long payoutMinimumCents, Long taxFormThresholdCents, boolean taxFormOnFile,
                   long yearToDateCents, Instant createdAt) {

    record Line(String commissionId, long amountCents) {
    }

    long netCents() {
        return lines.stream().mapToLong(Line::amountCents).sum();
    }
}
