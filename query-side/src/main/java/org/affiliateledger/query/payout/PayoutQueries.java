package org.affiliateledger.query.payout;

import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.payout.PayoutStatus;
import org.affiliateledger.query.history.AsOfReads;
import org.affiliateledger.query.payout.PayoutQueryController.PayoutView;
import org.affiliateledger.query.support.AffiliateFilter;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.ListQuery;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.Row;
import org.affiliateledger.query.support.TenantReads;
import org.affiliateledger.query.support.WireEnums;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The payout reads, one way for every caller: the API's {@code GET /api/v1/payouts…} (and its CSV export) and the
 * dashboard both ask here. Also what a payout would pay now: the approved commissions no payout holds, per affiliate
 * and currency.
 */
@Component
public class PayoutQueries {
    private static final RowMapper<PayoutView> ROW = (rs, n) -> PayoutQueryController.view(Row.of(rs));

    private final TenantReads reads;
    private final AsOfReads asOf;

    public PayoutQueries(TenantReads reads, AsOfReads asOf) {
        this.reads = reads;
        this.asOf = asOf;
    }

    /** @param affiliate an affiliate's id or short code */
    public record Filter(String status, String affiliate, String batchId, String currency) {
        public static final Filter NONE = new Filter(null, null, null, null);

        public boolean any() {
            return status != null || affiliate != null || batchId != null || currency != null;
        }
    }

    /**
     * An affiliate's balance in one currency that a payout would take now: its approved commissions (clawbacks net)
     * that no payout holds.
     *
     * @param expectedRefusal what the payout rules are expected to answer (below the minimum, tax form missing, nothing
     *                        to pay), or null when a payout should be created; the payout itself decides
     */
    public record Eligible(String affiliateId, String affiliateName, String affiliateStatus, String currency,
                           long amountCents, int commissionCount, boolean taxFormOnFile, String expectedRefusal) {
    }

    /** Newest first, by page or cursor. */
    public ListPage<PayoutView> list(String merchantId, Filter filter, Paging paging) {
        var rows = reads.as(merchantId, jdbc -> query(jdbc, merchantId, filter, true).fetch(jdbc, paging, ROW));
        return paging.toPage(rows, PayoutView::id, row -> row);
    }

    /** The list as it stood at {@code at}: the payouts created by then, each rebuilt from its events up to then. */
    public ListPage<PayoutView> listAsOf(String merchantId, Filter filter, Paging paging, Instant at) {
        var rows = reads.as(merchantId, jdbc -> query(jdbc, merchantId, filter, false)
                .filterAtMost("created_at", Timestamp.from(at))
                .fetch(jdbc, paging, ROW));
        ListPage<PayoutView> page = paging.toPage(rows, PayoutView::id, row -> row);
        List<PayoutView> then = page.data().stream()
                .map(now -> asOf(merchantId, now.id(), at))
                .flatMap(Optional::stream)
                .filter(view -> filter.status() == null || Objects.equals(view.status(), filter.status()))
                .toList();
        return new ListPage<>(then, page.page(), page.limit(), page.nextCursor());
    }

    public PayoutView get(String merchantId, String id) {
        if (!Ids.PAYOUT.matches(id)) {
            throw new NotFoundException("payout", id);
        }
        return reads.one(merchantId, id, jdbc -> jdbc.sql("SELECT * FROM payouts WHERE merchant_id = ? AND id = ?")
                        .params(merchantId, id)
                        .query(ROW)
                        .optional())
                .orElseThrow(() -> new NotFoundException("payout", id));
    }

    /** The payout as it stood at {@code at}, rebuilt from its events; empty if it did not exist yet (or is not the merchant's). */
    public Optional<PayoutView> asOf(String merchantId, String id, Instant at) {
        if (!Ids.PAYOUT.matches(id)) {
            return Optional.empty();
        }
        return asOf.rebuild(merchantId, AsOfReads.Resource.PAYOUT, id, at)
                .map(rebuilt -> PayoutQueryController.view(Row.of(rebuilt.row())));
    }

    /**
     * Every affiliate balance a payout would take now, largest first (then by affiliate and currency), with what the rules
     * expect; by page or by cursor. The cursor is the last row's key (amount, affiliate, currency): a balance that grows
     * or shrinks between two pages may move across that key, as on any list ordered by a changing value.
     */
    public ListPage<Eligible> eligible(String merchantId, Paging paging) {
        int year = LocalDate.now(ZoneOffset.UTC).getYear();
        Timestamp yearStart = Timestamp.from(LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant());
        EligibleKey after = paging.afterId() == null ? null : EligibleKey.parse(paging.afterId());
        List<Eligible> rows = reads.as(merchantId, jdbc -> {
            var program = jdbc.sql("SELECT payout_minimum_cents, tax_form_threshold_cents FROM program WHERE merchant_id = ?")
                    .params(merchantId)
                    .query((rs, n) -> new long[]{rs.getLong("payout_minimum_cents"),
                            rs.getObject("tax_form_threshold_cents") == null ? -1 : rs.getLong("tax_form_threshold_cents")})
                    .optional().orElse(new long[]{0, -1});
            List<Object> params = new java.util.ArrayList<>(List.of(yearStart, merchantId));
            String having = "";
            if (after != null) {
                // the keyset of ORDER BY SUM(amount) DESC, affiliate_id, currency: rows strictly after the cursor's
                having = " HAVING SUM(c.amount_cents) < ? OR (SUM(c.amount_cents) = ? AND (c.affiliate_id, c.currency) > (?, ?))";
                params.addAll(List.of(after.amountCents(), after.amountCents(), after.affiliateId(), after.currency()));
            }
            params.add(paging.limit() + 1);
            params.add(paging.offset());
            return jdbc.sql("""
                            SELECT c.affiliate_id, c.currency, SUM(c.amount_cents) AS amount_cents, COUNT(*) AS commission_count,
                                   a.name, a.status, a.tax_form_type IS NOT NULL AS tax_form_on_file,
                                   (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payouts p
                                     WHERE p.merchant_id = c.merchant_id AND p.affiliate_id = c.affiliate_id
                                       AND p.currency = c.currency AND p.status <> 'failed' AND p.created_at >= ?) AS year_to_date
                            FROM commissions c
                            LEFT JOIN affiliates a ON a.merchant_id = c.merchant_id AND a.id = c.affiliate_id
                            WHERE c.merchant_id = ? AND c.status = 'approved' AND c.payout_id IS NULL
                            GROUP BY c.merchant_id, c.affiliate_id, c.currency, a.name, a.status, a.tax_form_type"""
                            + having + """

                            ORDER BY SUM(c.amount_cents) DESC, c.affiliate_id, c.currency
                            LIMIT ? OFFSET ?""")
                    .params(params)
                    .query((rs, n) -> {
                        String currency = rs.getString("currency").strip();
                        long amount = rs.getLong("amount_cents");
                        boolean taxForm = rs.getBoolean("tax_form_on_file");
                        return new Eligible(rs.getString("affiliate_id"), rs.getString("name"), rs.getString("status"),
                                currency, amount, rs.getInt("commission_count"), taxForm,
                                expectedRefusal(amount, currency, program[0], program[1], taxForm, rs.getLong("year_to_date")));
                    })
                    .list();
        });
        return paging.toPage(rows, row -> new EligibleKey(row.amountCents(), row.affiliateId(), row.currency()).text(), row -> row);
    }

    /** An eligible row's place in the list: {@code amount/affiliate/currency} inside the opaque cursor. */
    private record EligibleKey(long amountCents, String affiliateId, String currency) {
        String text() {
            return amountCents + "/" + affiliateId + "/" + currency;
        }

        static EligibleKey parse(String text) {
            String[] parts = text.split("/", 3);
            try {
                if (parts.length == 3 && Ids.AFFILIATE.matches(parts[1]) && parts[2].length() == 3) {
                    return new EligibleKey(Long.parseLong(parts[0]), parts[1], parts[2]);
                }
            } catch (NumberFormatException ignored) {
                // falls through to the 400 below
            }
            throw new org.affiliateledger.events.common.InvalidRequestException(
                    "cursor is not one this API issued; pass back next_cursor unchanged").withCode("invalid_cursor");
        }
    }

    /** The payout rules as a preview (the Payout aggregate decides; its message is shown when it refuses). */
    private static String expectedRefusal(long amount, String currency, long minimum, long threshold, boolean taxForm,
                                          long yearToDate) {
        if (amount == 0) {
            return "nothing to pay: its commissions and clawbacks net to zero";
        }
        if (amount < 0) {
            return "balance is negative: clawbacks exceed approved commissions";
        }
        if (amount < minimum) {
            return "below the program's payout minimum of " + decimal(minimum, currency) + " " + currency;
        }
        if (threshold >= 0 && !taxForm && yearToDate + amount > threshold) {
            return "no tax form on file, and this year's payouts would pass the tax-form threshold of "
                    + decimal(threshold, currency) + " " + currency;
        }
        return null;
    }

    /**
     * A batch as CSV lines (header first), oldest payout first, for a bank or payment provider; see the API's
     * {@code exportPayoutBatch}.
     */
    public String batchCsv(String merchantId, String batchId) {
        if (!Ids.PAYOUT_BATCH.matches(batchId)) {
            throw new NotFoundException("payout batch", batchId);
        }
        // a batch just created may not be projected yet: on a miss, wait for what was written (the README's walkthrough)
        List<String> lines = reads.all(merchantId, jdbc -> jdbc.sql("""
                        SELECT p.*, a.email, a.name FROM payouts p
                        LEFT JOIN affiliates a ON a.id = p.affiliate_id AND a.merchant_id = p.merchant_id
                        WHERE p.merchant_id = ? AND p.batch_id = ? ORDER BY p.id""")
                .params(merchantId, batchId)
                .query((rs, n) -> {
                    PayoutView payout = ROW.mapRow(rs, n);
                    return Csv.row(payout.id(), payout.affiliateId(), Csv.text(rs.getString("email")),
                            Csv.text(rs.getString("name")), Long.toString(payout.amountCents()),
                            decimal(payout.amountCents(), payout.currency()), payout.currency(),
                            Integer.toString(payout.commissionCount()), payout.status(),
                            Csv.text(payout.externalReference()), payout.createdAt());
                })
                .list());
        if (lines.isEmpty()) {
            throw new NotFoundException("payout batch", batchId);
        }
        StringBuilder csv = new StringBuilder(Csv.row("payout_id", "affiliate_id", "affiliate_email", "affiliate_name",
                "amount_cents", "amount", "currency", "commission_count", "status", "external_reference", "created_at"));
        lines.forEach(csv::append);
        return csv.toString();
    }

    private static ListQuery query(JdbcClient jdbc, String merchantId, Filter filter, boolean withStatus) {
        String status = WireEnums.parse("status", filter.status(), PayoutStatus.class);
        return new ListQuery("payouts", merchantId)
                .filter("status", withStatus ? status : null)
                .filter("affiliate_id", AffiliateFilter.resolve(jdbc, merchantId, filter.affiliate()))
                .filter("batch_id", filter.batchId())
                .filter("currency", filter.currency() == null ? null : Currencies.normalise(filter.currency()));
    }

    static String decimal(long cents, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(cents, digits).toPlainString();
    }
}
