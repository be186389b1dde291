package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.payout.PayoutStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Every paid payout's amount is the sum of its commissions, clawbacks (negative) included; and each of its commissions
 * was paid through it. A commission still approved and reserved for it is being paid by the payout saga (the cut fell
 * in between), not a break.
 */
public final class PaidPayoutRule implements ReconciliationRule {
    @Override
    public List<Break> check(Books books) {
        List<Break> breaks = new ArrayList<>();
        for (Books.Payout p : books.payouts.values()) {
            if (p.status != PayoutStatus.PAID) {
                continue;
            }
            long sum = 0;
            List<EventRef> behind = new ArrayList<>(p.events);
            for (String id : p.commissionIds) {
                Books.Commission c = books.commissions.get(id);
                if (c == null) {
                    breaks.add(Break.of(Break.Kind.PAID_PAYOUT_COMMISSION_NOT_PAID, p.currency, p.affiliateId, id, 0, 0,
                            "payout " + p.id + " was paid with commission " + id + ", which the ledger never created",
                            p.events, null));
                    continue;
                }
                behind.addAll(c.events);
                Books.Payment through = c.payments.stream().filter(pay -> p.id.equals(pay.payoutId())).findFirst().orElse(null);
                if (through != null) {
                    sum += through.amountCents();
                } else if (c.status == CommissionStatus.APPROVED && p.id.equals(c.payoutId)) {
                    sum += c.amountCents;
                } else {
                    sum += c.amountCents;
                    List<EventRef> events = new ArrayList<>(p.events);
                    events.addAll(c.events);
                    breaks.add(Break.of(Break.Kind.PAID_PAYOUT_COMMISSION_NOT_PAID, c.currency, p.affiliateId, c.id,
                            c.amountCents, c.paidCents, "payout " + p.id + " was paid, but its commission " + c.id + " is "
                                    + c.status.name().toLowerCase(java.util.Locale.ROOT)
                                    + (c.payments.isEmpty() ? "" : " (paid outside it)") + ", not paid through it",
                            events, c.rate));
                }
            }
            if (sum != p.amountCents) {
                breaks.add(Break.of(Break.Kind.PAYOUT_AMOUNT_MISMATCH, p.currency, p.affiliateId, p.id, sum, p.amountCents,
                        "payout " + p.id + " was paid " + p.amountCents + ", but its " + p.commissionIds.size()
                                + " commissions (clawbacks included) come to " + sum, behind, null));
            }
        }
        return breaks;
    }
}
