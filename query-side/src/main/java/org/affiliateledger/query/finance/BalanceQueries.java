package org.affiliateledger.query.finance;

import io.swagger.v3.oas.annotations.media.Schema;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InstantParam;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.support.AffiliateFilter;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.TenantReads;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Balances and statements, computed by SQL sums over {@code balance_entries} (an index range per affiliate and
 * currency, no event replay), on two time axes: {@code as_of} bounds the entries' effective time (when it happened in
 * the world), {@code known_at} their recorded time (what the ledger had been told by then). The API and the dashboard
 * both read here.
 */
@Component
public class BalanceQueries {
    private static final List<Bucket> OPEN = Stream.of(Bucket.values()).filter(Bucket::open).toList();
    /** Every bucket's sum, then the clawbacks' share of the open buckets and of pending and held. */
    private static final String SUMS = Stream.concat(
            Stream.of(Bucket.values()).map(bucket -> "COALESCE(SUM(CASE WHEN to_bucket = '" + bucket.wireName()
                    + "' THEN amount_cents WHEN from_bucket = '" + bucket.wireName() + "' THEN -amount_cents ELSE 0 END), 0) AS "
                    + bucket.wireName()),
            Stream.of(clawbackShare("clawbacks_open", OPEN),
                    clawbackShare("clawbacks_unpayable", List.of(Bucket.PENDING, Bucket.HELD))))
            .collect(Collectors.joining(",\n       "));
    private static final String OUTSTANDING = "(" + sum(Bucket.APPROVED) + " + " + sum(Bucket.IN_PAYOUT) + " + "
            + clawbackSum(List.of(Bucket.PENDING, Bucket.HELD)) + ")";

    /**
     * The two instants a balance is read at. {@code knownNow}: no {@code known_at} was asked for, so everything recorded
     * counts (the totals then need no recorded-time bound at all).
     */
    public record Cut(Instant asOf, Instant knownAt, boolean knownNow) {
        public Cut(Instant asOf, Instant knownAt) {
            this(asOf, knownAt, false);
        }
    }

    /** A statement's period on the effective axis: {@code from} inclusive (null: from the beginning), {@code to} inclusive. */
    public record Period(Instant from, Instant to, Instant knownAt) {
    }

    @Schema(name = "AffiliateBalances")
    public record BalanceList(String affiliateId, @Schema(format = "date-time") String asOf,
                              @Schema(format = "date-time") String knownAt,
                              @Schema(description = "One per currency, by currency") List<Balance> balances) {
    }

    @Schema(name = "BalanceTotals")
    public record Totals(@Schema(format = "date-time") String asOf, @Schema(format = "date-time") String knownAt,
                         @Schema(description = "One per currency, by currency") List<Balance> totals) {
    }

    private final TenantReads reads;
    private final Clock clock;

    public BalanceQueries(TenantReads reads) {
        this.reads = reads;
        this.clock = Clock.systemUTC();
    }

    // ---- parameters ----

    /** {@code as_of} and {@code known_at}, both defaulting to now; a 400 for malformed or future instants. */
    public Cut cut(String asOf, String knownAt) {
        Instant now = clock.instant();
        Instant effective = InstantParam.parse("as_of", asOf);
        if (effective != null && effective.isAfter(now)) {
            throw new InvalidRequestException("as_of " + asOf + " is in the future: the ledger cannot tell what will have "
                    + "happened by then").withCode("as_of_in_future");
        }
        Instant known = InstantParam.notInFuture("known_at", knownAt, clock);
        return new Cut(effective == null ? now : effective, known == null ? now : known, known == null);
    }

    /** {@code from}, {@code to} (default now) and {@code known_at} (default now) of a statement. */
    public Period period(String from, String to, String knownAt) {
        Instant now = clock.instant();
        Instant since = InstantParam.parse("from", from);
        Instant until = InstantParam.notInFuture("to", to, clock);
        Instant known = InstantParam.notInFuture("known_at", knownAt, clock);
        until = until == null ? now : until;
        if (since != null && since.isAfter(until)) {
            throw new InvalidRequestException("from (" + from + ") is after to (" + (to == null ? "now" : to) + ")")
                    .withCode("from_after_to");
        }
        return new Period(since, until, known == null ? now : known);
    }

    /** An ISO-4217 code in upper case, or null when not given; a 400 for anything else. */
    public static String currency(String currency) {
        if (currency == null) {
            return null;
        }
        if (currency.isBlank()) {
            throw new InvalidRequestException("currency must not be blank: give an ISO-4217 code such as USD")
                    .withCode("invalid_currency");
        }
        return Currencies.normalise(currency);
    }

    // ---- balances ----

    /** The affiliate's balance in each currency it has one in (or in {@code currency} only, zero if none). */
    public BalanceList affiliate(String merchantId, String affiliateId, String currency, Cut cut) {
        requireAffiliate(merchantId, affiliateId);
        List<Balance> balances = reads.as(merchantId, jdbc -> {
            Where where = new Where(merchantId).and("affiliate_id = ?", affiliateId).and("currency = ?", currency).cut(cut);
            return jdbc.sql("SELECT affiliate_id, currency,\n       " + SUMS + "\nFROM balance_entries" + where.sql
                            + " GROUP BY affiliate_id, currency ORDER BY currency")
                    .params(where.params).query(BalanceQueries::balance).list();
        });
        if (balances.isEmpty() && currency != null) {
            balances = List.of(new Balance.Running(affiliateId, currency).balance());
        }
        return new BalanceList(affiliateId, Timestamps.format(cut.asOf()), Timestamps.format(cut.knownAt()), balances);
    }

    /**
     * One row per affiliate and currency with a balance, newest affiliate first (then by currency), by page or cursor.
     *
     * @param affiliate      an affiliate's id or short code
     * @param minOutstanding only balances whose {@code outstanding} is at least this
     */
    public ListPage<Balance> list(String merchantId, String currency, String affiliate, Long minOutstanding, Paging paging,
                                  Cut cut) {
        String[] after = paging.afterId() == null ? null : afterKey(paging.afterId());
        List<Balance> rows = reads.as(merchantId, jdbc -> {
            Where where = new Where(merchantId)
                    .and("affiliate_id = ?", AffiliateFilter.resolve(jdbc, merchantId, affiliate))
                    .and("currency = ?", currency)
                    .cut(cut);
            if (after != null) {
                where.and("(affiliate_id, currency) < (?, ?)", after[0]).params.add(after[1]);
            }
            String having = minOutstanding == null ? "" : " HAVING " + OUTSTANDING + " >= ?";
            List<Object> params = new ArrayList<>(where.params);
            if (minOutstanding != null) {
                params.add(minOutstanding);
            }
            params.add(paging.limit() + 1);
            params.add(paging.offset());
            return jdbc.sql("SELECT affiliate_id, currency,\n       " + SUMS + "\nFROM balance_entries" + where.sql
                            + " GROUP BY affiliate_id, currency" + having
                            + " ORDER BY affiliate_id DESC, currency DESC LIMIT ? OFFSET ?")
                    .params(params).query(BalanceQueries::balance).list();
        });
        return paging.toPage(rows, row -> row.affiliateId() + "/" + row.currency(), row -> row);
    }

    /**
     * The program's balance per currency: every affiliate's together, currencies apart. Read from the day buckets of
     * {@code balance_day_totals} (see its migration) plus the entries of the edge days, never from all of the merchant's
     * entries: with D the UTC day of {@code as_of} and K that of {@code known_at},
     * <ul>
     * <li>the buckets effective before D and recorded before K (every bucket effective before D when known now);</li>
     * <li>the entries effective on D up to {@code as_of} and recorded by {@code known_at};</li>
     * <li>the entries recorded on K up to {@code known_at} and effective before D (none to add when known now).</li>
     * </ul>
     * The three parts are disjoint and together are exactly the entries effective by {@code as_of} and recorded by
     * {@code known_at}: the same sum as over the entries themselves, at a cost of days (buckets) plus two days of
     * entries (an index range each), whatever the history's length. The sums are linear in the amounts, so the same
     * expressions ({@link #SUMS}) apply to buckets and to entries.
     */
    public Totals totals(String merchantId, String currency, Cut cut) {
        LocalDate effectiveDay = LocalDate.ofInstant(cut.asOf(), ZoneOffset.UTC);
        LocalDate recordedDay = LocalDate.ofInstant(cut.knownAt(), ZoneOffset.UTC);
        Timestamp effectiveDayStart = SqlTime.of(effectiveDay.atStartOfDay(ZoneOffset.UTC).toInstant());
        List<Object> params = new ArrayList<>();
        String currencyCondition = currency == null ? "" : " AND currency = ?";
        StringBuilder parts = new StringBuilder("""
                SELECT currency, commission_kind, from_bucket, to_bucket, amount_cents FROM balance_day_totals
                WHERE merchant_id = ?""").append(currencyCondition).append(" AND effective_day < ?");
        params.add(merchantId);
        addIf(params, currency);
        params.add(java.sql.Date.valueOf(effectiveDay));
        if (!cut.knownNow()) {
            parts.append(" AND recorded_day < ?");
            params.add(java.sql.Date.valueOf(recordedDay));
        }
        parts.append("""

                UNION ALL
                SELECT currency, commission_kind, from_bucket, to_bucket, amount_cents FROM balance_entries
                WHERE merchant_id = ?""").append(currencyCondition).append(" AND effective_at >= ? AND effective_at <= ?");
        params.add(merchantId);
        addIf(params, currency);
        params.add(effectiveDayStart);
        params.add(SqlTime.of(cut.asOf()));
        if (!cut.knownNow()) {
            parts.append(" AND recorded_at <= ?");
            params.add(SqlTime.of(cut.knownAt()));
            parts.append("""

                    UNION ALL
                    SELECT currency, commission_kind, from_bucket, to_bucket, amount_cents FROM balance_entries
                    WHERE merchant_id = ?""").append(currencyCondition)
                    .append(" AND recorded_at >= ? AND recorded_at <= ? AND effective_at < ?");
            params.add(merchantId);
            addIf(params, currency);
            params.add(SqlTime.of(recordedDay.atStartOfDay(ZoneOffset.UTC).toInstant()));
            params.add(SqlTime.of(cut.knownAt()));
            params.add(effectiveDayStart);
        }
        String sql = "SELECT NULL AS affiliate_id, currency,\n       " + SUMS + "\nFROM (" + parts + ") movements"
                + " GROUP BY currency ORDER BY currency";
        List<Balance> totals = reads.as(merchantId, jdbc -> jdbc.sql(sql).params(params).query(BalanceQueries::balance).list());
        if (totals.isEmpty() && currency != null) {
            totals = List.of(new Balance.Running(null, currency).balance());
        }
        return new Totals(Timestamps.format(cut.asOf()), Timestamps.format(cut.knownAt()), totals);
    }

    private static void addIf(List<Object> params, Object value) {
        if (value != null) {
            params.add(value);
        }
    }

    // ---- statements ----

    /** One movement of a statement, with the balance after it. */
    @Schema(name = "StatementLine", description = "One movement: `amountCents` left bucket `from` and entered bucket `to`")
    public record Line(@Schema(format = "date-time", description = "When it took effect in the world") String effectiveAt,
                       @Schema(format = "date-time", description = "When the ledger recorded it") String recordedAt,
                       @Schema(description = "The event's global position (see `GET /api/v1/history`)") long position,
                       String eventId,
                       @Schema(description = "The event's public type, e.g. `commission.reduced`") String eventType,
                       @Schema(allowableValues = {"earned", "reduced", "held", "released", "flagged", "flag_cleared", "approved",
                               "rejected", "voided", "clawed_back", "included_in_payout", "paid", "payout_failed"}) String movement,
                       String commissionId,
                       @Schema(allowableValues = {"commission", "clawback"}) String commissionKind,
                       @Schema(allowableValues = {"earned", "pending", "held", "approved", "in_payout", "paid", "voided",
                               "reduced", "clawed_back"}) String from,
                       @Schema(allowableValues = {"earned", "pending", "held", "approved", "in_payout", "paid", "voided",
                               "reduced", "clawed_back"}) String to,
                       @Schema(description = "Minor units; negative for a clawback commission's own movements") long amountCents,
                       @Nullable String conversionId,
                       @Schema(description = "The Stripe charge (or payment intent, invoice) of the sale, for Stripe sales")
                       @Nullable String stripeChargeId,
                       @Schema(description = "The Stripe refund or dispute behind a reduction, hold, release or clawback; "
                               + "your payment reference on a paid line") @Nullable String reference,
                       @Nullable String payoutId,
                       @Schema(description = "The paid commission a clawback takes back") @Nullable String clawbackOf,
                       @Schema(description = "Who or what caused it: `api_key:…`, `stripe:evt_…`, `saga:…`, `schedule`…") String actor,
                       @Schema(description = "The reason given (void, rejection, hold, failed payout, fraud rule)") @Nullable String note,
                       @Schema(description = "The running balance after this movement") Balance balance) {
    }

    @Schema(name = "Statement")
    public record Statement(String affiliateId, String currency,
                            @Schema(format = "date-time", description = "Start of the period (effective time); null: the beginning")
                            @Nullable String from,
                            @Schema(format = "date-time", description = "End of the period (effective time)") String to,
                            @Schema(format = "date-time") String knownAt,
                            @Schema(description = "The balance before `from`") Balance opening,
                            @Schema(description = "Every movement of the period, in the order it took effect") List<Line> lines,
                            @Schema(description = "The balance as of `to`: the last line's running balance") Balance closing) {
    }

    /**
     * The affiliate's statement in one currency: the balance before {@code from} (effective time), every movement
     * effective from {@code from} to {@code to} in the order it took effect, each with the running balance after it,
     * and the closing balance, which is the balance as of {@code to}. Only what was recorded by {@code known_at} counts.
     *
     * @param currency null: the affiliate's only currency (or the program's when it has none yet)
     */
    public Statement statement(String merchantId, String affiliateId, String currency, Period period) {
        requireAffiliate(merchantId, affiliateId);
        return reads.as(merchantId, jdbc -> {
            String code = currency != null ? currency : onlyCurrency(jdbc, merchantId, affiliateId);
            Balance.Running running = new Balance.Running(affiliateId, code);
            if (period.from() != null) {
                Where before = new Where(merchantId).and("affiliate_id = ?", affiliateId).and("currency = ?", code)
                        .and("effective_at < ?", SqlTime.of(period.from())).and("recorded_at <= ?", SqlTime.of(period.knownAt()));
                running = jdbc.sql("SELECT affiliate_id, currency,\n       " + SUMS + "\nFROM balance_entries" + before.sql
                                + " GROUP BY affiliate_id, currency")
                        .params(before.params).query(BalanceQueries::balance).optional()
                        .map(Balance.Running::of).orElse(running);
            }
            Balance opening = running.balance();
            Where in = new Where("e.", merchantId).and("e.affiliate_id = ?", affiliateId).and("e.currency = ?", code)
                    .and("e.effective_at >= ?", SqlTime.of(period.from()))
                    .and("e.effective_at <= ?", SqlTime.of(period.to()))
                    .and("e.recorded_at <= ?", SqlTime.of(period.knownAt()));
            Balance.Running lines = running;
            List<Line> movements = jdbc.sql("""
                            SELECT e.*, c.source AS conversion_source, c.external_id AS conversion_external_id
                            FROM balance_entries e
                            LEFT JOIN conversions c ON c.id = e.conversion_id AND c.merchant_id = e.merchant_id""" + in.sql
                            + " ORDER BY e.effective_at, e.position, e.commission_id")
                    .params(in.params)
                    .query((rs, n) -> line(rs, lines))
                    .list();
            return new Statement(affiliateId, code, Timestamps.format(period.from()), Timestamps.format(period.to()),
                    Timestamps.format(period.knownAt()), opening, movements, lines.balance());
        });
    }

    private static Line line(ResultSet rs, Balance.Running running) throws SQLException {
        Bucket from = bucket(rs.getString("from_bucket"));
        Bucket to = bucket(rs.getString("to_bucket"));
        long amount = rs.getLong("amount_cents");
        running.apply(from, to, amount, "clawback".equals(rs.getString("commission_kind")));
        String charge = "stripe".equals(rs.getString("conversion_source")) ? rs.getString("conversion_external_id") : null;
        return new Line(Timestamps.format(SqlTime.instant(rs, "effective_at")), Timestamps.format(SqlTime.instant(rs, "recorded_at")),
                rs.getLong("position"), rs.getString("event_id"), rs.getString("event_type"), rs.getString("movement"),
                rs.getString("commission_id"), rs.getString("commission_kind"), from.wireName(), to.wireName(), amount,
                rs.getString("conversion_id"), charge, rs.getString("reference"), rs.getString("payout_id"),
                rs.getString("clawback_of"), rs.getString("actor"), rs.getString("note"), running.balance());
    }

    private static String onlyCurrency(JdbcClient jdbc, String merchantId, String affiliateId) {
        List<String> currencies = jdbc.sql("""
                        SELECT DISTINCT currency FROM balance_entries WHERE merchant_id = ? AND affiliate_id = ? ORDER BY currency""")
                .params(merchantId, affiliateId).query(String.class).list();
        if (currencies.size() > 1) {
            throw new InvalidRequestException("affiliate " + affiliateId + " has balances in " + String.join(", ", currencies)
                    + ": give currency (currencies are never added together)").withCode("currency_required");
        }
        if (currencies.size() == 1) {
            return currencies.get(0);
        }
        return jdbc.sql("SELECT currency FROM program WHERE merchant_id = ?").param(merchantId).query(String.class)
                .optional().map(String::strip).orElse(Currencies.DEFAULT);
    }

    // ---- helpers ----

    private void requireAffiliate(String merchantId, String affiliateId) {
        if (!Ids.AFFILIATE.matches(affiliateId)) {
            throw new NotFoundException("affiliate", affiliateId);
        }
        Optional<String> found = reads.one(merchantId, affiliateId, jdbc -> jdbc.sql(
                        "SELECT id FROM affiliates WHERE merchant_id = ? AND id = ?")
                .params(merchantId, affiliateId).query(String.class).optional());
        if (found.isEmpty()) {
            throw new NotFoundException("affiliate", affiliateId);
        }
    }

    private static Balance balance(ResultSet rs, int n) throws SQLException {
        long approved = rs.getLong(Bucket.APPROVED.wireName());
        long inPayout = rs.getLong(Bucket.IN_PAYOUT.wireName());
        return new Balance(rs.getString("affiliate_id"), rs.getString("currency").strip(), -rs.getLong(Bucket.EARNED.wireName()),
                rs.getLong(Bucket.REDUCED.wireName()), rs.getLong(Bucket.VOIDED.wireName()),
                rs.getLong(Bucket.CLAWED_BACK.wireName()), rs.getLong(Bucket.PAID.wireName()),
                rs.getLong(Bucket.PENDING.wireName()), rs.getLong(Bucket.HELD.wireName()), approved, inPayout,
                -rs.getLong("clawbacks_open"), approved + inPayout + rs.getLong("clawbacks_unpayable"));
    }

    private static Bucket bucket(String wireName) {
        return Bucket.valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    private static String[] afterKey(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new InvalidRequestException("cursor is not one this API issued; pass back next_cursor unchanged")
                    .withCode("invalid_cursor");
        }
        return new String[]{key.substring(0, slash), key.substring(slash + 1)};
    }

    private static String clawbackShare(String name, List<Bucket> buckets) {
        return clawbackSum(buckets) + " AS " + name;
    }

    private static String clawbackSum(List<Bucket> buckets) {
        String in = buckets.stream().map(b -> "'" + b.wireName() + "'").collect(Collectors.joining(", ", "(", ")"));
        return "COALESCE(SUM(CASE WHEN commission_kind <> 'clawback' THEN 0 WHEN to_bucket IN " + in
                + " AND from_bucket NOT IN " + in + " THEN amount_cents WHEN from_bucket IN " + in + " AND to_bucket NOT IN "
                + in + " THEN -amount_cents ELSE 0 END), 0)";
    }

    private static String sum(Bucket bucket) {
        return "COALESCE(SUM(CASE WHEN to_bucket = '" + bucket.wireName() + "' THEN amount_cents WHEN from_bucket = '"
                + bucket.wireName() + "' THEN -amount_cents ELSE 0 END), 0)";
    }

    /** A WHERE clause over one merchant's entries; a condition with a null value is left out. */
    private static final class Where {
        private final String prefix;
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> params = new ArrayList<>();

        Where(String merchantId) {
            this("", merchantId);
        }

        Where(String prefix, String merchantId) {
            this.prefix = prefix;
            sql.append(" WHERE ").append(prefix).append("merchant_id = ?");
            params.add(merchantId);
        }

        Where and(String condition, Object value) {
            if (value != null) {
                sql.append(" AND ").append(condition);
                params.add(value);
            }
            return this;
        }

        Where cut(Cut cut) {
            return and(prefix + "effective_at <= ?", SqlTime.of(cut.asOf())).and(prefix + "recorded_at <= ?", SqlTime.of(cut.knownAt()));
        }
    }
}
