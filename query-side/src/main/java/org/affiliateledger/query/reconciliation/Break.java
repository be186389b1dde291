package org.affiliateledger.query.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import java.util.Comparator;
import java.util.List;

/**
 * A place where the sides do not agree: what the rule expected, what the events recorded, and the events behind both.
 *
 * @param kind one of {@link Kind}'s wire names; stable, never renamed
 */
@Schema(name = "ReconciliationBreak")
public record Break(
        @Schema(description = "What disagrees (stable): `commission_amount_mismatch`, `refund_not_proportional`, "
                + "`payout_amount_mismatch`, `paid_payout_commission_not_paid`, `commission_paid_twice`, "
                + "`commission_paid_outside_payout`, `balance_invariant_violated`") String kind,
        @Schema(description = "ISO-4217 currency of the amounts") String currency,
        @Schema(description = "The affiliate whose money it is") String affiliateId,
        @Schema(description = "What it is about: a commission (`com_…`), payout (`pay_…`) or, for the balance, the affiliate")
        String subjectId,
        @Schema(description = "The amount the rule expects, in minor units") long expectedCents,
        @Schema(description = "The amount the events recorded, in minor units") long actualCents,
        @Schema(description = "What the rule checked and what it found, in English") String detail,
        @Schema(description = "The events behind both sides, in log order") List<EventRef> events,
        @Schema(description = "Only for commissions: the rate recorded on it") @Nullable String rate) {

    /** The kinds of break, by rule. */
    public enum Kind {
        COMMISSION_AMOUNT_MISMATCH, REFUND_NOT_PROPORTIONAL, PAYOUT_AMOUNT_MISMATCH, PAID_PAYOUT_COMMISSION_NOT_PAID,
        COMMISSION_PAID_TWICE, COMMISSION_PAID_OUTSIDE_PAYOUT, BALANCE_INVARIANT_VIOLATED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Break of(Kind kind, String currency, String affiliateId, String subjectId, long expected, long actual,
                    String detail, List<EventRef> events, String rate) {
        List<EventRef> ordered = events.stream().distinct().sorted(Comparator.comparingLong(EventRef::position)).toList();
        return new Break(kind.wireName(), currency, affiliateId, subjectId, expected, actual, detail, ordered, rate);
    }

    /** Reports list breaks by the first event behind them, then by kind and subject: the same every time. */
    static final Comparator<Break> ORDER = Comparator
            .comparingLong((Break b) -> b.events().isEmpty() ? Long.MAX_VALUE : b.events().get(0).position())
            .thenComparing(Break::kind).thenComparing(Break::subjectId);
}
