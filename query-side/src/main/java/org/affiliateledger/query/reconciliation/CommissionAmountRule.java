package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.conversion.ConversionSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Each commission = its base amount × the rate recorded on it / 100, half-even to the cent (plus, for the referrer of
 * an event conversion, the flat part of its reward). Clawbacks are checked by the refund rule instead.
 */
public final class CommissionAmountRule implements ReconciliationRule {
    @Override
    public List<Break> check(Books books) {
        List<Break> breaks = new ArrayList<>();
        for (Books.Commission c : books.commissions.values()) {
            if (c.kind != CommissionKind.COMMISSION) {
                continue;
            }
            Books.Conversion conversion = books.conversions.get(c.conversionId);
            Long flat = 0L;
            List<EventRef> events = new ArrayList<>(c.events.subList(0, 1));
            if (conversion != null) {
                events.add(conversion.events.get(0));
                if (c.tier == 0 && conversion.source == ConversionSource.EVENT) {
                    flat = conversion.flatRewardCents;
                }
            }
            if (flat == null) {
                continue; // an event conversion recorded before its flat reward was: its commission cannot be recomputed
            }
            Long expected = expected(c.baseAmountCents, c.rate, flat);
            if (expected == null || expected != c.createdAmountCents) {
                breaks.add(Break.of(Break.Kind.COMMISSION_AMOUNT_MISMATCH, c.currency, c.affiliateId, c.id,
                        expected == null ? 0 : expected, c.createdAmountCents,
                        "commission " + c.id + " is " + c.createdAmountCents + " but " + c.baseAmountCents + " × "
                                + c.rate + " % " + (flat == 0 ? "" : "+ flat " + flat + " ") + "is "
                                + (expected == null ? "not computable (the recorded rate is not a percent)" : expected),
                        events, c.rate));
            }
        }
        return breaks;
    }

    /** base × rate / 100 half-even, plus the flat part; null when the recorded rate is not a valid percent. */
    static Long expected(long baseAmountCents, String rate, long flatCents) {
        try {
            return flatCents + CommissionRate.of(rate).commissionOn(baseAmountCents);
        } catch (LedgerException | ArithmeticException e) {
            return null;
        }
    }
}
