package org.affiliateledger.query.reconciliation;

import org.affiliateledger.query.reconciliation.ReconciliationReport.AffiliateLine;
import org.affiliateledger.query.reconciliation.ReconciliationReport.RateLine;
import org.affiliateledger.query.reconciliation.ReconciliationReport.Sides;
import org.affiliateledger.query.reconciliation.ReconciliationReport.UnmatchedActivity;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report as one RFC 4180 table (CRLF line ends): a {@code record} column says what each row is — {@code affiliate}
 * and {@code total} rows (the three sides and the balance), {@code break} rows, {@code unmatched_stripe_activity} rows —
 * and every row carries the position it was cut at. Text a spreadsheet would run as a formula is prefixed with
 * {@code '}.
 */
public final class ReconciliationCsv {
    static final List<String> HEADER = List.of("record", "at_position", "currency", "affiliate_id",
            "stripe_charges_cents", "manual_conversions_cents", "event_conversions_cents", "refunds_cents",
            "disputes_opened_cents", "disputes_won_cents", "disputes_lost_cents",
            "earned_cents", "reduced_cents", "voided_cents", "clawed_back_cents", "rates",
            "payouts_created_cents", "payouts_sent_cents", "payouts_paid_cents", "payouts_failed_cents",
            "commissions_in_paid_payouts", "paid_through_payouts_cents", "paid_without_payout_cents",
            "balance_pending_cents", "balance_held_cents", "balance_approved_cents", "balance_in_payout_cents",
            "balance_paid_cents", "balance_holds", "breaks",
            "kind", "subject_id", "expected_cents", "actual_cents", "event_ids", "detail");

    private ReconciliationCsv() {
    }

    public static String of(ReconciliationReport report) {
        StringBuilder csv = new StringBuilder(row(HEADER));
        String at = Long.toString(report.atPosition());
        for (ReconciliationReport.CurrencySection section : report.currencies()) {
            for (AffiliateLine line : section.affiliates()) {
                csv.append(row(sides("affiliate", at, section.currency(), line.affiliateId(), line.sides())));
            }
            csv.append(row(sides("total", at, section.currency(), "", section.total())));
        }
        for (Break b : report.breaks()) {
            List<String> fields = blank("break", at, b.currency(), b.affiliateId());
            fill(fields, "kind", b.kind());
            fill(fields, "subject_id", b.subjectId());
            fill(fields, "expected_cents", Long.toString(b.expectedCents()));
            fill(fields, "actual_cents", Long.toString(b.actualCents()));
            fill(fields, "event_ids", b.events().stream().map(EventRef::eventId).collect(Collectors.joining(" ")));
            fill(fields, "detail", text(b.detail()));
            csv.append(row(fields));
        }
        for (UnmatchedActivity u : report.unmatchedStripeActivity()) {
            List<String> fields = blank("unmatched_stripe_activity", at, u.currency(), "");
            fill(fields, "kind", u.activity());
            fill(fields, "subject_id", text(u.chargeId()));
            fill(fields, "actual_cents", Long.toString(u.amountCents()));
            fill(fields, "event_ids", u.eventId());
            fill(fields, "detail", text(u.objectId()));
            csv.append(row(fields));
        }
        return csv.toString();
    }

    private static List<String> sides(String record, String at, String currency, String affiliateId, Sides s) {
        List<String> fields = blank(record, at, currency, affiliateId);
        var r = s.revenue();
        var c = s.commissions();
        var p = s.payouts();
        var b = s.balance();
        int i = 4;
        for (long value : new long[]{r.stripeChargesCents(), r.manualConversionsCents(), r.eventConversionsCents(),
                r.refundsCents(), r.disputesOpenedCents(), r.disputesWonCents(), r.disputesLostCents(),
                c.earnedCents(), c.reducedCents(), c.voidedCents(), c.clawedBackCents()}) {
            fields.set(i++, Long.toString(value));
        }
        fields.set(i++, c.byRate().stream().map(RateLine::rate).collect(Collectors.joining(" ")));
        for (long value : new long[]{p.createdCents(), p.sentCents(), p.paidCents(), p.failedCents(),
                p.commissionsInPaidPayouts(), p.paidThroughPayoutsCents(), p.paidWithoutPayoutCents(),
                b.pendingCents(), b.heldCents(), b.approvedCents(), b.inPayoutCents(), b.paidCents()}) {
            fields.set(i++, Long.toString(value));
        }
        fields.set(i++, Boolean.toString(b.holds()));
        fields.set(i, Integer.toString(s.breaks()));
        return fields;
    }

    private static List<String> blank(String record, String at, String currency, String affiliateId) {
        List<String> fields = new ArrayList<>(java.util.Collections.nCopies(HEADER.size(), ""));
        fields.set(0, record);
        fields.set(1, at);
        fields.set(2, currency == null ? "" : currency);
        fields.set(3, affiliateId == null ? "" : affiliateId);
        return fields;
    }

    private static void fill(List<String> fields, String column, String value) {
        fields.set(HEADER.indexOf(column), value == null ? "" : value);
    }

    static String row(List<String> fields) {
        return fields.stream().map(ReconciliationCsv::field).collect(Collectors.joining(",")) + "\r\n";
    }

    /** A field quoted when it holds a comma, quote or line break, its quotes doubled. */
    static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    /** Text from outside (Stripe ids, details): a leading {@code = + - @}, tab or CR is prefixed with {@code '}. */
    static String text(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
