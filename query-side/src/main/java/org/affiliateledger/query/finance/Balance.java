package org.affiliateledger.query.finance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One affiliate's (or, in totals, the whole program's) balance in one currency, in minor units. The invariant
 * {@code earned − reduced − voided − clawedBack − paid = pending + held + approved + inPayout} always holds.
 */
@Schema(name = "Balance", description = "A balance in one currency, in minor units; currencies are never added together. "
        + "Always: earned − reduced − voided − clawedBack − paid = pending + held + approved + inPayout.")
public record Balance(
        @Schema(description = "The affiliate (absent in totals)") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String affiliateId,
        @Schema(description = "ISO-4217 code", example = "USD") String currency,
        @Schema(description = "Every commission earned, at its original amount") long earned,
        @Schema(description = "Taken off unpaid commissions by partial refunds and lost disputes") long reduced,
        @Schema(description = "Commissions voided or rejected (at the amount they had then)") long voided,
        @Schema(description = "Taken back from commissions already paid (or reserved by a payout), through negative clawback commissions") long clawedBack,
        @Schema(description = "Paid, net of the clawbacks netted in payouts") long paid,
        @Schema(description = "Earned, in the hold period, not yet approved") long pending,
        @Schema(description = "Held by an open dispute or a fraud flag") long held,
        @Schema(description = "Approved and in no payout: payable (net of approved clawbacks)") long approved,
        @Schema(description = "Reserved by a payout that is created or sent") long inPayout,
        @Schema(description = "Clawbacks not yet netted against a paid payout (positive)") long unrecoveredClawbacks,
        @Schema(description = "What the merchant owes now: approved + inPayout − unrecovered clawbacks (approved and "
                + "inPayout already net the clawbacks they hold); negative when clawbacks exceed it") long outstanding) {

    /** A running balance that movements are applied to, in order. */
    static final class Running {
        private final String affiliateId;
        private final String currency;
        private final long[] buckets = new long[Bucket.values().length];
        private long clawbacksOpen;
        private long clawbacksUnpayable;

        Running(String affiliateId, String currency) {
            this.affiliateId = affiliateId;
            this.currency = currency;
        }

        static Running of(Balance balance) {
            Running running = new Running(balance.affiliateId(), balance.currency());
            running.buckets[Bucket.EARNED.ordinal()] = -balance.earned();
            running.buckets[Bucket.REDUCED.ordinal()] = balance.reduced();
            running.buckets[Bucket.VOIDED.ordinal()] = balance.voided();
            running.buckets[Bucket.CLAWED_BACK.ordinal()] = balance.clawedBack();
            running.buckets[Bucket.PAID.ordinal()] = balance.paid();
            running.buckets[Bucket.PENDING.ordinal()] = balance.pending();
            running.buckets[Bucket.HELD.ordinal()] = balance.held();
            running.buckets[Bucket.APPROVED.ordinal()] = balance.approved();
            running.buckets[Bucket.IN_PAYOUT.ordinal()] = balance.inPayout();
            running.clawbacksOpen = -balance.unrecoveredClawbacks();
            running.clawbacksUnpayable = balance.outstanding() - balance.approved() - balance.inPayout();
            return running;
        }

        void apply(Bucket from, Bucket to, long amountCents, boolean clawback) {
            buckets[from.ordinal()] -= amountCents;
            buckets[to.ordinal()] += amountCents;
            if (clawback) {
                clawbacksOpen += (to.open() ? amountCents : 0) - (from.open() ? amountCents : 0);
                clawbacksUnpayable += (unpayable(to) ? amountCents : 0) - (unpayable(from) ? amountCents : 0);
            }
        }

        Balance balance() {
            return new Balance(affiliateId, currency, -buckets[Bucket.EARNED.ordinal()], buckets[Bucket.REDUCED.ordinal()],
                    buckets[Bucket.VOIDED.ordinal()], buckets[Bucket.CLAWED_BACK.ordinal()], buckets[Bucket.PAID.ordinal()],
                    buckets[Bucket.PENDING.ordinal()], buckets[Bucket.HELD.ordinal()], buckets[Bucket.APPROVED.ordinal()],
                    buckets[Bucket.IN_PAYOUT.ordinal()], -clawbacksOpen,
                    buckets[Bucket.APPROVED.ordinal()] + buckets[Bucket.IN_PAYOUT.ordinal()] + clawbacksUnpayable);
        }

        private static boolean unpayable(Bucket bucket) {
            return bucket == Bucket.PENDING || bucket == Bucket.HELD;
        }
    }
}
