package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionClawedBack;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionFlagCleared;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.conversion.ConversionDisputeClosed;
import org.affiliateledger.events.conversion.ConversionDisputed;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.StripeActivityUnmatched;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.affiliateledger.events.payout.PayoutStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The merchant's money as its events say, folded in position order up to the cut: every conversion, commission and
 * payout with the events behind it, and the movements of the period (by effective time) per affiliate and currency.
 * It records what the events say and never corrects them: the {@link ReconciliationRule}s compare the sides.
 * An event about something the fold has not seen (an injected or damaged history) is kept as far as it can be.
 */
public final class Books {
    /** A conversion: the revenue side. */
    public static final class Conversion {
        final String id;
        final String affiliateId;
        final ConversionSource source;
        final long amountCents;
        final String currency;
        final Long flatRewardCents;
        long refundedCents;
        long lostCents;
        final Map<String, Long> disputes = new LinkedHashMap<>();
        final List<EventRef> events = new ArrayList<>();

        Conversion(ConversionRecorded e) {
            id = e.conversionId();
            affiliateId = e.affiliateId();
            source = e.source();
            amountCents = e.amountCents();
            currency = e.currency();
            flatRewardCents = e.flatRewardCents();
        }

        /** What went back to the customer: refunds plus lost disputes, at most the sale. */
        long reversedCents() {
            return Math.min(amountCents, refundedCents + lostCents);
        }
    }

    /** A payment of a commission, and the payout it was reserved for then (null: marked paid by hand). */
    record Payment(EventRef event, long amountCents, String payoutId, boolean payoutWasPaid) {
    }

    /** A commission (or clawback): the derived side. */
    public static final class Commission {
        final String id;
        final String conversionId;
        final String affiliateId;
        final int tier;
        final CommissionKind kind;
        final long baseAmountCents;
        final String rate;
        final long createdAmountCents;
        final String currency;
        final String clawbackOf;
        long amountCents;
        CommissionStatus status = CommissionStatus.PENDING;
        boolean flagged;
        String payoutId;
        long clawedBackCents;
        long reducedCents;
        long voidedCents;
        long paidCents;
        final List<Payment> payments = new ArrayList<>();
        final List<EventRef> events = new ArrayList<>();

        Commission(CommissionCreated e) {
            id = e.commissionId();
            conversionId = e.conversionId();
            affiliateId = e.affiliateId();
            tier = e.tier();
            kind = e.kind();
            baseAmountCents = e.baseAmountCents();
            rate = e.rate();
            createdAmountCents = e.amountCents();
            amountCents = e.amountCents();
            currency = e.currency();
            clawbackOf = e.clawbackOf();
        }

        /** What is still open on it: in pending, held, approved or in a payout. */
        boolean open() {
            return status == CommissionStatus.PENDING || status == CommissionStatus.HELD || status == CommissionStatus.APPROVED;
        }

        /** Its own share of the balance identity: created − reduced − voided − paid must equal what is open. */
        long flowCents() {
            return createdAmountCents - reducedCents - voidedCents - paidCents;
        }

        long openCents() {
            return open() ? amountCents : 0;
        }
    }

    /** A payout: the paying side. */
    public static final class Payout {
        final String id;
        final String affiliateId;
        final String currency;
        final long createdAmountCents;
        long amountCents;
        final List<String> commissionIds;
        PayoutStatus status = PayoutStatus.CREATED;
        final List<EventRef> events = new ArrayList<>();

        Payout(PayoutCreated e) {
            id = e.payoutId();
            affiliateId = e.affiliateId();
            currency = e.currency();
            createdAmountCents = e.amountCents();
            amountCents = e.amountCents();
            commissionIds = e.commissionIds() == null ? List.of() : List.copyOf(e.commissionIds());
        }
    }

    /** A Stripe refund or dispute of a charge no conversion has. */
    record Unmatched(LedgerEvent event, StripeActivityUnmatched activity) {
    }

    /** Movements of one affiliate in one currency: the period's three sides and the balance identity's flows at the cut. */
    static final class Tally {
        final Map<String, Long> period = new TreeMap<>();
        final Map<String, long[]> rates = new TreeMap<>(Books::compareRates);
        long earned;
        long reduced;
        long voided;
        long clawedBack;
        long paid;
        boolean active;

        void add(String key, long cents) {
            period.merge(key + "Cents", cents, Long::sum);
            period.merge(key + "Count", 1L, Long::sum);
        }

        long cents(String key) {
            return period.getOrDefault(key + "Cents", 0L);
        }

        long count(String key) {
            return period.getOrDefault(key + "Count", 0L);
        }
    }

    /** affiliate + currency, the key of a {@link Tally} */
    record Account(String affiliateId, String currency) implements Comparable<Account> {
        @Override
        public int compareTo(Account other) {
            int byCurrency = currency.compareTo(other.currency);
            return byCurrency != 0 ? byCurrency : affiliateId.compareTo(other.affiliateId);
        }
    }

    final Map<String, Conversion> conversions = new LinkedHashMap<>();
    final Map<String, Commission> commissions = new LinkedHashMap<>();
    final Map<String, Payout> payouts = new LinkedHashMap<>();
    final List<Unmatched> unmatched = new ArrayList<>();
    final Map<Account, Tally> tallies = new TreeMap<>();
    /** Events of the period (by effective time), by id: a break is shown for the period when one of its events is. */
    final java.util.Set<String> inPeriod = new java.util.HashSet<>();
    private final Predicate<Instant> period;

    /** @param period which effective times belong to the reported period */
    public Books(Predicate<Instant> period) {
        this.period = period;
    }

    private Tally tally(String affiliateId, String currency) {
        return tallies.computeIfAbsent(new Account(affiliateId == null ? "" : affiliateId, currency == null ? "" : currency),
                a -> new Tally());
    }

    public void apply(LedgerEvent event) {
        boolean now = period.test(event.effectiveAt());
        if (now) {
            inPeriod.add(event.eventId());
        }
        EventRef ref = event.ref();
        Object payload = event.payload();
        if (payload instanceof ConversionRecorded e) {
            recorded(e, ref, now);
        } else if (payload instanceof ConversionRefunded e) {
            conversion(e.conversionId(), ref, c -> {
                long delta = e.refundedCents() - c.refundedCents;
                c.refundedCents = Math.max(c.refundedCents, e.refundedCents());
                if (now && delta > 0) {
                    tally(c.affiliateId, c.currency).add("refunds", delta);
                }
            });
        } else if (payload instanceof ConversionDisputed e) {
            conversion(e.conversionId(), ref, c -> {
                c.disputes.put(e.disputeId(), e.amountCents());
                if (now) {
                    tally(c.affiliateId, c.currency).add("disputesOpened", e.amountCents());
                }
            });
        } else if (payload instanceof ConversionDisputeClosed e) {
            conversion(e.conversionId(), ref, c -> {
                c.lostCents += e.won() ? 0 : e.lostCents();
                if (now && e.won()) {
                    tally(c.affiliateId, c.currency).add("disputesWon", c.disputes.getOrDefault(e.disputeId(), 0L));
                } else if (now) {
                    tally(c.affiliateId, c.currency).add("disputesLost", e.lostCents());
                }
            });
        } else if (payload instanceof CommissionCreated e) {
            created(e, ref, now);
        } else if (payload instanceof CommissionApproved e) {
            commission(e.commissionId(), ref, c -> c.status = CommissionStatus.APPROVED);
        } else if (payload instanceof CommissionHeld e) {
            commission(e.commissionId(), ref, c -> c.status = CommissionStatus.HELD);
        } else if (payload instanceof CommissionReleased e) {
            commission(e.commissionId(), ref, c -> c.status = e.restoredTo() == null ? CommissionStatus.PENDING : e.restoredTo());
        } else if (payload instanceof CommissionFlagged e) {
            commission(e.commissionId(), ref, c -> c.flagged = true);
        } else if (payload instanceof CommissionFlagCleared e) {
            commission(e.commissionId(), ref, c -> c.flagged = false);
        } else if (payload instanceof CommissionRejected e) {
            commission(e.commissionId(), ref, c -> {
                voided(c, now);
                c.status = CommissionStatus.REJECTED;
            });
        } else if (payload instanceof CommissionVoided e) {
            commission(e.commissionId(), ref, c -> {
                voided(c, now);
                c.status = CommissionStatus.VOIDED;
            });
        } else if (payload instanceof CommissionReduced e) {
            commission(e.commissionId(), ref, c -> {
                long by = e.previousAmountCents() - e.amountCents();
                c.reducedCents += by;
                c.amountCents = e.amountCents();
                Tally t = tally(c.affiliateId, c.currency);
                t.reduced += by;
                if (now) {
                    t.add("reduced", by);
                }
            });
        } else if (payload instanceof CommissionClawedBack e) {
            commission(e.commissionId(), ref, c -> {
                c.clawedBackCents += e.amountCents();
                Tally t = tally(c.affiliateId, c.currency);
                t.clawedBack += e.amountCents();
                if (now) {
                    t.add("clawedBack", e.amountCents());
                }
            });
        } else if (payload instanceof CommissionIncludedInPayout e) {
            commission(e.commissionId(), ref, c -> c.payoutId = e.payoutId());
        } else if (payload instanceof CommissionReleasedFromPayout e) {
            commission(e.commissionId(), ref, c -> {
                if (e.payoutId().equals(c.payoutId)) {
                    c.payoutId = null;
                }
            });
        } else if (payload instanceof CommissionPaid e) {
            commission(e.commissionId(), ref, c -> paid(c, e, ref, now));
        } else if (payload instanceof PayoutCreated e) {
            Payout p = new Payout(e);
            p.events.add(ref);
            payouts.put(p.id, p);
            if (now) {
                tally(p.affiliateId, p.currency).add("payoutsCreated", p.amountCents);
            }
        } else if (payload instanceof PayoutSent e) {
            payout(e.payoutId(), ref, now, PayoutStatus.SENT, e.amountCents(), "payoutsSent");
        } else if (payload instanceof PayoutPaid e) {
            payout(e.payoutId(), ref, now, PayoutStatus.PAID, e.amountCents(), "payoutsPaid");
        } else if (payload instanceof PayoutFailed e) {
            payout(e.payoutId(), ref, now, PayoutStatus.FAILED, e.amountCents(), "payoutsFailed");
        } else if (payload instanceof StripeActivityUnmatched e && now) {
            unmatched.add(new Unmatched(event, e));
        }
        // FraudFlagged and events of no money: nothing to reconcile
    }

    private void recorded(ConversionRecorded e, EventRef ref, boolean now) {
        Conversion c = new Conversion(e);
        c.events.add(ref);
        conversions.put(c.id, c);
        if (now) {
            Tally t = tally(c.affiliateId, c.currency);
            t.active = true;
            String side = c.source == ConversionSource.STRIPE ? "stripeCharges"
                    : c.source == ConversionSource.EVENT ? "eventConversions" : "manualConversions";
            t.add(side, c.amountCents);
        }
    }

    private void created(CommissionCreated e, EventRef ref, boolean now) {
        Commission c = new Commission(e);
        c.events.add(ref);
        commissions.put(c.id, c);
        if (c.kind != CommissionKind.COMMISSION) {
            return; // a clawback's amount is counted by the CommissionClawedBack that asked for it
        }
        Tally t = tally(c.affiliateId, c.currency);
        t.earned += c.createdAmountCents;
        if (now) {
            t.active = true;
            t.add("earned", c.createdAmountCents);
            long[] line = t.rates.computeIfAbsent(c.rate == null ? "" : c.rate, r -> new long[3]);
            line[0]++;
            line[1] += c.baseAmountCents;
            line[2] += c.createdAmountCents;
        }
    }

    private void paid(Commission c, CommissionPaid e, EventRef ref, boolean now) {
        Payout payout = c.payoutId == null ? null : payouts.get(c.payoutId);
        c.payments.add(new Payment(ref, e.amountCents(), c.payoutId, payout != null && payout.status == PayoutStatus.PAID));
        c.paidCents += e.amountCents();
        c.status = CommissionStatus.PAID;
        Tally t = tally(c.affiliateId, c.currency);
        t.paid += e.amountCents();
        if (now) {
            t.add(c.payoutId == null ? "paidWithoutPayout" : "paidThroughPayouts", e.amountCents());
        }
    }

    private void conversion(String id, EventRef ref, java.util.function.Consumer<Conversion> change) {
        Conversion c = conversions.get(id);
        if (c != null) {
            c.events.add(ref);
            change.accept(c);
        }
    }

    private void voided(Commission c, boolean now) {
        long amount = c.open() ? c.amountCents : 0;
        c.voidedCents += amount;
        Tally t = tally(c.affiliateId, c.currency);
        t.voided += amount;
        if (now) {
            t.add("voided", amount);
        }
    }

    private void commission(String id, EventRef ref, java.util.function.Consumer<Commission> change) {
        Commission c = commissions.get(id);
        if (c != null) {
            c.events.add(ref);
            change.accept(c);
        }
    }

    private void payout(String id, EventRef ref, boolean now, PayoutStatus status, long amountCents, String key) {
        Payout p = payouts.get(id);
        if (p == null) {
            return;
        }
        p.events.add(ref);
        p.status = status;
        p.amountCents = amountCents;
        if (now) {
            Tally t = tally(p.affiliateId, p.currency);
            t.add(key, amountCents);
            if (status == PayoutStatus.PAID) {
                t.period.merge("commissionsInPaidPayoutsCount", (long) p.commissionIds.size(), Long::sum);
            }
        }
    }

    /** Whether any of these events is effective in the period. */
    boolean anyInPeriod(List<EventRef> events) {
        return events.stream().anyMatch(e -> inPeriod.contains(e.eventId()));
    }

    /** Rates in numeric order ("2" before "12.5"); a missing rate first. */
    static int compareRates(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.compareTo(b);
        }
        try {
            int byValue = new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b));
            return byValue != 0 ? byValue : a.compareTo(b);
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
