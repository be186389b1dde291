package org.affiliateledger.query.reconciliation;

import java.util.ArrayList;
import java.util.List;

/**
 * No commission is paid twice, and none reserved for a payout is paid except when that payout is. A commission marked
 * paid by hand ({@code POST /commissions/{id}/pay}, never in a payout) is a payment outside the ledger's payouts by
 * the merchant's choice: the report shows it as {@code paidWithoutPayout}, not as a break.
 */
public final class SinglePaymentRule implements ReconciliationRule {
    @Override
    public List<Break> check(Books books) {
        List<Break> breaks = new ArrayList<>();
        for (Books.Commission c : books.commissions.values()) {
            if (c.payments.size() > 1) {
                long first = c.payments.get(0).amountCents();
                breaks.add(Break.of(Break.Kind.COMMISSION_PAID_TWICE, c.currency, c.affiliateId, c.id, first, c.paidCents,
                        "commission " + c.id + " was paid " + c.payments.size() + " times, " + c.paidCents + " in all",
                        c.events, c.rate));
            }
            for (Books.Payment payment : c.payments) {
                if (payment.payoutId() != null && !payment.payoutWasPaid()) {
                    Books.Payout payout = books.payouts.get(payment.payoutId());
                    List<EventRef> events = new ArrayList<>(c.events);
                    if (payout != null) {
                        events.addAll(payout.events);
                    }
                    breaks.add(Break.of(Break.Kind.COMMISSION_PAID_OUTSIDE_PAYOUT, c.currency, c.affiliateId, c.id, 0,
                            payment.amountCents(), "commission " + c.id + " was paid " + payment.amountCents()
                                    + " while reserved for payout " + payment.payoutId() + ", which was "
                                    + (payout == null ? "never created" : "not paid at the time"),
                            events, c.rate));
                }
            }
        }
        return breaks;
    }
}
