package org.affiliateledger.events.payout;

import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Opens payout {@code payoutId} on everything its decision needs, gathered by the coordinator of {@link CreatePayout}
 * in the unit of work that reserved its commissions: the reserved lines (clawbacks are negative), the payee's facts,
 * the program's payout rules, and the affiliate's payouts in this currency earlier in the calendar year.
 *
 * @param payee           the affiliate as it stands now
 * @param yearToDateCents the affiliate's payouts in this currency created this calendar year (UTC), paid or pending
 *                        (failed ones do not count), before this one
 */
public record OpenPayout(@TargetAggregateIdentifier String payoutId, String merchantId, String affiliateId,
                         String batchId, String currency, List<Line> lines, Payee payee, long payoutMinimumCents,
                         Long taxFormThresholdCents, long yearToDateCents, Instant createdAt) {

    /** A commission reserved for the payout and its amount (negative for a clawback). */
    public record Line(String commissionId, long amountCents) {
    }

    /** What a payout needs to know about the affiliate it pays. */
    public record Payee(String affiliateId, String merchantId, AffiliateStatus status, boolean taxFormOnFile) {
    }

    public OpenPayout {
        lines = List.copyOf(lines);
    }

    public long netCents() {
        return lines.stream().mapToLong(Line::amountCents).sum();
    }
}
