package org.affiliateledger.query.reconciliation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per affiliate and currency, at the cut: earned − reduced − voided − clawed back − paid = pending + held + approved +
 * in payout. When it fails, the events behind it are those of the commissions whose own share does not add up
 * (created − reduced − voided − paid ≠ what is still open on it), and of clawbacks recorded on one side only.
 */
public final class BalanceInvariantRule implements ReconciliationRule {
    @Override
    public List<Break> check(Books books) {
        List<Break> breaks = new ArrayList<>();
        Map<Books.Account, List<Books.Commission>> byAccount = new HashMap<>();
        for (Books.Commission c : books.commissions.values()) {
            byAccount.computeIfAbsent(new Books.Account(Objects.requireNonNullElse(c.affiliateId, ""),
                    Objects.requireNonNullElse(c.currency, "")), a -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<Books.Account, Books.Tally> entry : books.tallies.entrySet()) {
            Books.Account account = entry.getKey();
            Books.Tally t = entry.getValue();
            long flows = t.earned - t.reduced - t.voided - t.clawedBack - t.paid;
            List<Books.Commission> theirs = byAccount.getOrDefault(account, List.of());
            long open = theirs.stream().mapToLong(Books.Commission::openCents).sum();
            if (flows == open) {
                continue;
            }
            List<EventRef> events = new ArrayList<>();
            theirs.stream().filter(c -> c.flowCents() != c.openCents()).forEach(c -> events.addAll(c.events));
            for (Books.Commission c : theirs) {
                if (c.clawedBackCents > 0) {
                    long recorded = theirs.stream().filter(k -> c.id.equals(k.clawbackOf))
                            .mapToLong(k -> -k.createdAmountCents).sum();
                    if (recorded != c.clawedBackCents) {
                        events.addAll(c.events);
                    }
                }
            }
            events.sort(Comparator.comparingLong(EventRef::position));
            breaks.add(Break.of(Break.Kind.BALANCE_INVARIANT_VIOLATED, account.currency(), account.affiliateId(),
                    account.affiliateId(), flows, open,
                    "earned " + t.earned + " − reduced " + t.reduced + " − voided " + t.voided + " − clawed back "
                            + t.clawedBack + " − paid " + t.paid + " = " + flows + ", but pending + held + approved + "
                            + "in payout = " + open, events, null));
        }
        return breaks;
    }
}
