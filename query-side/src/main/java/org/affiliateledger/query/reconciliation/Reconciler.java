package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.reconciliation.ReconciliationReport.AffiliateLine;
import org.affiliateledger.query.reconciliation.ReconciliationReport.Balance;
import org.affiliateledger.query.reconciliation.ReconciliationReport.Commissions;
import org.affiliateledger.query.reconciliation.ReconciliationReport.CurrencySection;
import org.affiliateledger.query.reconciliation.ReconciliationReport.Payouts;
import org.affiliateledger.query.reconciliation.ReconciliationReport.RateLine;
import org.affiliateledger.query.reconciliation.ReconciliationReport.Revenue;
import org.affiliateledger.query.reconciliation.ReconciliationReport.Sides;
import org.affiliateledger.query.reconciliation.ReconciliationReport.UnmatchedActivity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Folds the merchant's events into {@link Books}, runs the rules and lays out the report: pure, so the same events,
 * period and currency always give the same report.
 */
public final class Reconciler {
    /** The invariants, in the order their breaks are explained in the README. */
    public static final List<ReconciliationRule> RULES = List.of(new CommissionAmountRule(), new RefundProportionRule(),
            new PaidPayoutRule(), new SinglePaymentRule(), new BalanceInvariantRule());

    private final Instant from;
    private final Instant to;
    private final String currency;
    private final Books books;

    /** @param from, to the period by effective time, both inclusive (null: open); @param currency null: every one */
    public Reconciler(Instant from, Instant to, String currency) {
        this.from = from;
        this.to = to;
        this.currency = currency;
        this.books = new Books(at -> (from == null || !at.isBefore(from)) && (to == null || !at.isAfter(to)));
    }

    public void accept(LedgerEvent event) {
        books.apply(event);
    }

    Books books() {
        return books;
    }

    public ReconciliationReport report(long atPosition) {
        List<Break> breaks = new ArrayList<>();
        for (ReconciliationRule rule : RULES) {
            for (Break found : rule.check(books)) {
                boolean shown = (currency == null || currency.equals(found.currency()))
                        && (found.kind().equals(Break.Kind.BALANCE_INVARIANT_VIOLATED.wireName()) || books.anyInPeriod(found.events()));
                if (shown) {
                    breaks.add(found);
                }
            }
        }
        breaks.sort(Break.ORDER);
        Map<Books.Account, Integer> breaksOf = new HashMap<>();
        breaks.forEach(b -> breaksOf.merge(new Books.Account(b.affiliateId(), b.currency()), 1, Integer::sum));

        Map<Books.Account, long[]> states = states();
        Map<String, List<AffiliateLine>> byCurrency = new TreeMap<>();
        for (Map.Entry<Books.Account, Books.Tally> entry : books.tallies.entrySet()) {
            Books.Account account = entry.getKey();
            if (currency != null && !currency.equals(account.currency())) {
                continue;
            }
            Books.Tally t = entry.getValue();
            long[] state = states.getOrDefault(account, new long[4]);
            Balance balance = balance(t, state);
            int breakCount = breaksOf.getOrDefault(account, 0);
            boolean listed = t.active || !t.period.isEmpty() || breakCount > 0 || nonZero(balance);
            if (listed) {
                byCurrency.computeIfAbsent(account.currency(), c -> new ArrayList<>()).add(new AffiliateLine(
                        account.affiliateId(), revenue(t), commissions(t), payouts(t), balance, breakCount));
            }
        }
        List<CurrencySection> sections = byCurrency.entrySet().stream()
                .map(e -> new CurrencySection(e.getKey(), total(e.getValue()), e.getValue())).toList();
        List<UnmatchedActivity> unmatched = books.unmatched.stream()
                .filter(u -> currency == null || currency.equals(u.activity().currency()))
                .map(Reconciler::unmatched).toList();
        return new ReconciliationReport(atPosition, Timestamps.format(from), Timestamps.format(to), currency,
                breaks.isEmpty(), breaks.size(), sections, breaks, unmatched);
    }

    /** pending, held, approved, in payout per account, from each commission's state at the cut. */
    private Map<Books.Account, long[]> states() {
        Map<Books.Account, long[]> states = new HashMap<>();
        for (Books.Commission c : books.commissions.values()) {
            if (!c.open()) {
                continue;
            }
            long[] s = states.computeIfAbsent(new Books.Account(Objects.requireNonNullElse(c.affiliateId, ""),
                    Objects.requireNonNullElse(c.currency, "")), a -> new long[4]);
            if (c.status == CommissionStatus.HELD || (c.status == CommissionStatus.PENDING && c.flagged)) {
                s[1] += c.amountCents;
            } else if (c.status == CommissionStatus.PENDING) {
                s[0] += c.amountCents;
            } else if (c.payoutId == null) {
                s[2] += c.amountCents;
            } else {
                s[3] += c.amountCents;
            }
        }
        return states;
    }

    private static Balance balance(Books.Tally t, long[] s) {
        long flows = t.earned - t.reduced - t.voided - t.clawedBack - t.paid;
        long open = s[0] + s[1] + s[2] + s[3];
        return new Balance(t.earned, t.reduced, t.voided, t.clawedBack, t.paid, s[0], s[1], s[2], s[3], flows == open);
    }

    private static boolean nonZero(Balance b) {
        return b.earnedCents() != 0 || b.reducedCents() != 0 || b.voidedCents() != 0 || b.clawedBackCents() != 0
                || b.paidCents() != 0 || b.pendingCents() != 0 || b.heldCents() != 0 || b.approvedCents() != 0
                || b.inPayoutCents() != 0;
    }

    private static Revenue revenue(Books.Tally t) {
        return new Revenue(t.cents("stripeCharges"), t.count("stripeCharges"), t.cents("manualConversions"),
                t.count("manualConversions"), t.cents("eventConversions"), t.count("eventConversions"),
                t.cents("refunds"), t.count("refunds"), t.cents("disputesOpened"), t.count("disputesOpened"),
                t.cents("disputesWon"), t.count("disputesWon"), t.cents("disputesLost"), t.count("disputesLost"));
    }

    private static Commissions commissions(Books.Tally t) {
        List<RateLine> rates = t.rates.entrySet().stream()
                .map(e -> new RateLine(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
        return new Commissions(t.cents("earned"), t.count("earned"), t.cents("reduced"), t.cents("voided"),
                t.cents("clawedBack"), rates);
    }

    private static Payouts payouts(Books.Tally t) {
        return new Payouts(t.cents("payoutsCreated"), t.count("payoutsCreated"), t.cents("payoutsSent"), t.count("payoutsSent"),
                t.cents("payoutsPaid"), t.count("payoutsPaid"), t.cents("payoutsFailed"), t.count("payoutsFailed"),
                t.period.getOrDefault("commissionsInPaidPayoutsCount", 0L), t.cents("paidThroughPayouts"),
                t.cents("paidWithoutPayout"));
    }

    /** The sum of the lines, field by field; rates merged by rate. */
    static Sides total(List<AffiliateLine> lines) {
        long[] r = new long[14];
        long[] c = new long[5];
        long[] p = new long[11];
        long[] b = new long[9];
        Map<String, long[]> rates = new TreeMap<>(Books::compareRates);
        int breaks = 0;
        for (AffiliateLine line : lines) {
            Revenue v = line.revenue();
            add(r, v.stripeChargesCents(), v.stripeCharges(), v.manualConversionsCents(), v.manualConversions(),
                    v.eventConversionsCents(), v.eventConversions(), v.refundsCents(), v.refunds(), v.disputesOpenedCents(),
                    v.disputesOpened(), v.disputesWonCents(), v.disputesWon(), v.disputesLostCents(), v.disputesLost());
            Commissions m = line.commissions();
            add(c, m.earnedCents(), m.earned(), m.reducedCents(), m.voidedCents(), m.clawedBackCents());
            for (RateLine rate : m.byRate()) {
                long[] sum = rates.computeIfAbsent(rate.rate(), k -> new long[3]);
                sum[0] += rate.count();
                sum[1] += rate.baseCents();
                sum[2] += rate.earnedCents();
            }
            Payouts o = line.payouts();
            add(p, o.createdCents(), o.created(), o.sentCents(), o.sent(), o.paidCents(), o.paid(), o.failedCents(),
                    o.failed(), o.commissionsInPaidPayouts(), o.paidThroughPayoutsCents(), o.paidWithoutPayoutCents());
            Balance a = line.balance();
            add(b, a.earnedCents(), a.reducedCents(), a.voidedCents(), a.clawedBackCents(), a.paidCents(),
                    a.pendingCents(), a.heldCents(), a.approvedCents(), a.inPayoutCents());
            breaks += line.breaks();
        }
        long flows = b[0] - b[1] - b[2] - b[3] - b[4];
        long open = b[5] + b[6] + b[7] + b[8];
        return new Sides(new Revenue(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13]),
                new Commissions(c[0], c[1], c[2], c[3], c[4], rates.entrySet().stream()
                        .map(e -> new RateLine(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList()),
                new Payouts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10]),
                new Balance(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], flows == open), breaks);
    }

    private static void add(long[] into, long... values) {
        for (int i = 0; i < values.length; i++) {
            into[i] += values[i];
        }
    }

    private static UnmatchedActivity unmatched(Books.Unmatched u) {
        String actor = u.event().actor();
        String stripePrefix = AuditMetadata.stripe("");
        String stripeEventId = actor != null && actor.startsWith(stripePrefix) ? actor.substring(stripePrefix.length()) : null;
        return new UnmatchedActivity(u.event().position(), u.event().eventId(), Timestamps.format(u.event().effectiveAt()),
                stripeEventId, u.activity().activity(), u.activity().chargeId(), u.activity().objectId(),
                u.activity().amountCents(), u.activity().currency());
    }
}
