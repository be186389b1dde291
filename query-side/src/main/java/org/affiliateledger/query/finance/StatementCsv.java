package org.affiliateledger.query.finance;

import org.affiliateledger.query.payout.Csv;

/** A statement as RFC 4180 CSV: header, opening row, one row per movement, closing row; each with the running balance. */
public final class StatementCsv {
    static final String[] HEADER = {"row", "effective_at", "recorded_at", "position", "event_id", "event_type", "movement",
            "commission_id", "commission_kind", "from", "to", "amount_cents", "currency", "conversion_id", "stripe_charge_id",
            "reference", "payout_id", "clawback_of", "actor", "note", "pending", "held", "approved", "in_payout", "paid",
            "voided", "clawed_back", "outstanding"};

    private StatementCsv() {
    }

    public static String write(BalanceQueries.Statement statement) {
        StringBuilder csv = new StringBuilder(Csv.row(HEADER));
        csv.append(balanceRow("opening", statement.from(), statement.opening()));
        for (BalanceQueries.Line line : statement.lines()) {
            Balance b = line.balance();
            csv.append(Csv.row("movement", line.effectiveAt(), line.recordedAt(), Long.toString(line.position()),
                    line.eventId(), line.eventType(), line.movement(), line.commissionId(), line.commissionKind(), line.from(),
                    line.to(), Long.toString(line.amountCents()), statement.currency(), line.conversionId(),
                    Csv.text(line.stripeChargeId()), Csv.text(line.reference()), line.payoutId(), line.clawbackOf(),
                    Csv.text(line.actor()), Csv.text(line.note()),
                    Long.toString(b.pending()), Long.toString(b.held()), Long.toString(b.approved()),
                    Long.toString(b.inPayout()), Long.toString(b.paid()), Long.toString(b.voided()),
                    Long.toString(b.clawedBack()), Long.toString(b.outstanding())));
        }
        csv.append(balanceRow("closing", statement.to(), statement.closing()));
        return csv.toString();
    }

    private static String balanceRow(String kind, String at, Balance b) {
        return Csv.row(kind, at, null, null, null, null, null, null, null, null, null, null, b.currency(), null, null, null,
                null, null, null, null, Long.toString(b.pending()), Long.toString(b.held()), Long.toString(b.approved()),
                Long.toString(b.inPayout()), Long.toString(b.paid()), Long.toString(b.voided()),
                Long.toString(b.clawedBack()), Long.toString(b.outstanding()));
    }
}
