package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Each refund (and lost dispute) reduced the sale's commissions in proportion: what a commission still carries, its
 * amount less what was clawed back from it, is its original amount × (sale − reversed) / sale, half-even. A
 * commission voided or rejected carries nothing and is not checked.
 */
public final class RefundProportionRule implements ReconciliationRule {
    @Override
    public List<Break> check(Books books) {
        List<Break> breaks = new ArrayList<>();
        for (Books.Commission c : books.commissions.values()) {
            Books.Conversion conversion = books.conversions.get(c.conversionId);
            if (c.kind != CommissionKind.COMMISSION || conversion == null || c.baseAmountCents <= 0
                    || conversion.reversedCents() == 0
                    || c.status == CommissionStatus.VOIDED || c.status == CommissionStatus.REJECTED) {
                continue;
            }
            long expected = owed(c.createdAmountCents, c.baseAmountCents, conversion.reversedCents());
            long actual = c.amountCents - c.clawedBackCents;
            if (expected != actual) {
                List<EventRef> events = new ArrayList<>(conversion.events);
                events.addAll(c.events);
                breaks.add(Break.of(Break.Kind.REFUND_NOT_PROPORTIONAL, c.currency, c.affiliateId, c.id, expected, actual,
                        "sale " + conversion.id + " of " + conversion.amountCents + " had " + conversion.reversedCents()
                                + " refunded or lost in disputes, so commission " + c.id + " (" + c.createdAmountCents
                                + " at " + c.rate + " %) should carry " + expected + ", but it carries " + actual
                                + " (amount " + c.amountCents + ", clawed back " + c.clawedBackCents + ")",
                        events, c.rate));
            }
        }
        return breaks;
    }

    /** original × (base − reversed) / base, half-even; 0 once everything was reversed. */
    static long owed(long originalCents, long baseCents, long reversedCents) {
        long remaining = Math.max(0, baseCents - reversedCents);
        return BigDecimal.valueOf(originalCents).multiply(BigDecimal.valueOf(remaining))
                .divide(BigDecimal.valueOf(baseCents), 0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
