package org.affiliateledger.query.overview;

import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.TenantReads;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The merchant's figures at a glance, read from the read models (the dashboard's overview): per currency the revenue
 * attributed and the commissions by where they stand, what is outstanding and what payouts are due; activity over time;
 * the top affiliates; the latest events.
 * <p>
 * Every query takes an instant ({@code at}): the present is {@code now}; a past view counts what had been recorded by
 * then — conversions, clicks, commissions and payouts created by then, each commission in the status its own events
 * (the history read model) gave it by then, each payout in the status its timestamps give it. Amounts are the rows'
 * current amounts: a partial refund recorded after {@code at} is already deducted (the finance balances answer to the
 * cent as of any instant).
 */
@Component
public class OverviewQueries {
    /** Commission events that set a status, and the status each sets ({@code released} restores the status before the hold). */
    private static final String STATUS_OF_EVENT = """
            CASE type WHEN 'commission.created' THEN 'pending' WHEN 'commission.approved' THEN 'approved'
                      WHEN 'commission.rejected' THEN 'rejected' WHEN 'commission.voided' THEN 'voided'
                      WHEN 'commission.paid' THEN 'paid' WHEN 'commission.held' THEN 'held' END""";
    private static final int TOP = 10;

    private final TenantReads reads;

    public OverviewQueries(TenantReads reads) {
        this.reads = reads;
    }

    /** The figures of one currency; amounts in its minor units. */
    public record Totals(String currency, long conversions, long revenueCents, long earnedCents, long pendingCents,
                         long approvedCents, long paidCents, long outstandingCents, long payoutsDueCents, long payoutsDue) {
    }

    public enum Bucket {
        DAY(30), WEEK(12), MONTH(12);

        private final int count;

        Bucket(int count) {
            this.count = count;
        }

        public int count() {
            return count;
        }

        public static Bucket of(String value) {
            if (value == null || value.isBlank()) {
                return DAY;
            }
            return switch (value.strip()) {
                case "day" -> DAY;
                case "week" -> WEEK;
                case "month" -> MONTH;
                default -> throw new InvalidRequestException("interval must be day, week or month, got \"" + value + "\"");
            };
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The first instant of the bucket holding {@code at} (UTC; weeks start on Monday). */
        LocalDate start(LocalDate day) {
            return switch (this) {
                case DAY -> day;
                case WEEK -> day.minusDays(day.getDayOfWeek().getValue() - 1L);
                case MONTH -> day.withDayOfMonth(1);
            };
        }

        LocalDate next(LocalDate start) {
            return switch (this) {
                case DAY -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                case MONTH -> start.plusMonths(1);
            };
        }

        String label(LocalDate start) {
            return switch (this) {
                case DAY -> start.toString();
                case WEEK -> start.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                case MONTH -> start.toString().substring(0, 7);
            };
        }
    }

    /** One bucket of the series: conversions and clicks counted, revenue and commissions in the series' currency. */
    public record Point(String label, Instant start, long conversions, long revenueCents, long commissionCents, long clicks) {
    }

    public record Series(Bucket bucket, String currency, List<Point> points) {
    }

    public record TopAffiliate(String affiliateId, String name, long conversions, long revenueCents, long commissionCents) {
    }

    public record Activity(Instant recordedAt, String type, String resourceType, String resourceId, String actor) {
    }

    /** @param past whether {@code at} is a past view's instant (commissions then take the status their events gave them) */
    public List<Totals> totals(String merchantId, Instant at, boolean past) {
        Timestamp until = Timestamp.from(at);
        return reads.as(merchantId, jdbc -> {
            Map<String, long[]> byCurrency = new TreeMap<>();
            // [conversions, revenue, earned, pending, approved, paid, payouts due cents, payouts due count]
            jdbc.sql("""
                            SELECT currency, COUNT(*) AS n, COALESCE(SUM(amount_cents - refunded_cents), 0) AS revenue
                            FROM conversions WHERE merchant_id = ? AND created_at <= ? GROUP BY currency""")
                    .params(merchantId, until)
                    .query(rs -> {
                        long[] row = byCurrency.computeIfAbsent(rs.getString("currency"), c -> new long[8]);
                        row[0] = rs.getLong("n");
                        row[1] = rs.getLong("revenue");
                    });
            for (Map.Entry<String, Long> status : commissionsByStatus(jdbc, merchantId, until, past).entrySet()) {
                String[] key = status.getKey().split(" ");
                long[] row = byCurrency.computeIfAbsent(key[0], c -> new long[8]);
                long cents = status.getValue();
                switch (key[1]) {
                    case "pending", "held" -> row[3] += cents;
                    case "approved" -> row[4] += cents;
                    case "paid" -> row[5] += cents;
                    default -> {
                        continue; // rejected, voided: never earned
                    }
                }
                row[2] += cents;
            }
            jdbc.sql("""
                            SELECT currency, COUNT(*) AS n, COALESCE(SUM(amount_cents), 0) AS due FROM payouts
                            WHERE merchant_id = ? AND created_at <= ?
                              AND NOT COALESCE(paid_at <= ?, false) AND NOT COALESCE(failed_at <= ?, false)
                            GROUP BY currency""")
                    .params(merchantId, until, until, until)
                    .query(rs -> {
                        long[] row = byCurrency.computeIfAbsent(rs.getString("currency"), c -> new long[8]);
                        row[6] = rs.getLong("due");
                        row[7] = rs.getLong("n");
                    });
            List<Totals> totals = new ArrayList<>();
            byCurrency.forEach((currency, r) -> totals.add(new Totals(currency, r[0], r[1], r[2], r[3], r[4], r[5],
                    r[3] + r[4], r[6], r[7])));
            return totals;
        });
    }

    /** "currency status" → the sum of the commissions in that status at {@code until}. */
    private static Map<String, Long> commissionsByStatus(JdbcClient jdbc, String merchantId, Timestamp until, boolean past) {
        Map<String, Long> sums = new LinkedHashMap<>();
        if (!past) {
            jdbc.sql("""
                            SELECT currency, status, COALESCE(SUM(amount_cents), 0) AS cents FROM commissions
                            WHERE merchant_id = ? GROUP BY currency, status""")
                    .params(merchantId)
                    .query(rs -> {
                        sums.put(rs.getString("currency") + " " + rs.getString("status"), rs.getLong("cents"));
                    });
            return sums;
        }
        jdbc.sql("""
                        WITH ev AS (
                          SELECT resource_id, type, position FROM history_events
                          WHERE merchant_id = ? AND resource_type = 'commission' AND recorded_at <= ?
                            AND type IN ('commission.created', 'commission.approved', 'commission.rejected', 'commission.voided',
                                         'commission.paid', 'commission.held', 'commission.released')),
                        latest AS (
                          SELECT DISTINCT ON (resource_id) resource_id, %s AS status FROM ev
                          WHERE type <> 'commission.released'
                            AND NOT (type = 'commission.held' AND EXISTS (SELECT 1 FROM ev r WHERE r.resource_id = ev.resource_id
                                     AND r.type = 'commission.released' AND r.position > ev.position))
                          ORDER BY resource_id, position DESC)
                        SELECT c.currency, latest.status, COALESCE(SUM(c.amount_cents), 0) AS cents
                        FROM latest JOIN commissions c ON c.merchant_id = ? AND c.id = latest.resource_id
                        GROUP BY c.currency, latest.status""".formatted(STATUS_OF_EVENT))
                .params(merchantId, until, merchantId)
                .query(rs -> {
                    sums.put(rs.getString("currency") + " " + rs.getString("status"), rs.getLong("cents"));
                });
        return sums;
    }

    /** The last {@link Bucket#count()} buckets up to {@code at}, oldest first, empty buckets included. */
    public Series series(String merchantId, Bucket bucket, String currency, Instant at) {
        LocalDate last = bucket.start(at.atZone(ZoneOffset.UTC).toLocalDate());
        LocalDate first = last;
        for (int i = 1; i < bucket.count(); i++) {
            first = previous(bucket, first);
        }
        Map<LocalDate, long[]> points = new LinkedHashMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = bucket.next(d)) {
            points.put(d, new long[4]);
        }
        Timestamp from = Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp until = Timestamp.from(at);
        String unit = bucket.wireName();
        reads.as(merchantId, jdbc -> {
            jdbc.sql("""
                            SELECT date_trunc('%s', created_at AT TIME ZONE 'UTC')::date AS b, COUNT(*) AS n,
                                   COALESCE(SUM(CASE WHEN currency = ? THEN amount_cents - refunded_cents ELSE 0 END), 0) AS revenue
                            FROM conversions WHERE merchant_id = ? AND created_at >= ? AND created_at <= ? GROUP BY b""".formatted(unit))
                    .params(currency, merchantId, from, until)
                    .query(rs -> {
                        long[] p = points.get(rs.getObject("b", LocalDate.class));
                        if (p != null) {
                            p[0] = rs.getLong("n");
                            p[1] = rs.getLong("revenue");
                        }
                    });
            jdbc.sql("""
                            SELECT date_trunc('%s', created_at AT TIME ZONE 'UTC')::date AS b, COALESCE(SUM(amount_cents), 0) AS cents
                            FROM commissions WHERE merchant_id = ? AND currency = ? AND created_at >= ? AND created_at <= ?
                            GROUP BY b""".formatted(unit))
                    .params(merchantId, currency, from, until)
                    .query(rs -> {
                        long[] p = points.get(rs.getObject("b", LocalDate.class));
                        if (p != null) {
                            p[2] = rs.getLong("cents");
                        }
                    });
            jdbc.sql("""
                            SELECT date_trunc('%s', created_at AT TIME ZONE 'UTC')::date AS b, COUNT(*) AS n
                            FROM click_session WHERE merchant_id = ? AND created_at >= ? AND created_at <= ? GROUP BY b""".formatted(unit))
                    .params(merchantId, from, until)
                    .query(rs -> {
                        long[] p = points.get(rs.getObject("b", LocalDate.class));
                        if (p != null) {
                            p[3] = rs.getLong("n");
                        }
                    });
            return null;
        });
        List<Point> list = new ArrayList<>();
        points.forEach((start, p) -> list.add(new Point(bucket.label(start), start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                p[0], p[1], p[2], p[3])));
        return new Series(bucket, currency, list);
    }

    private static LocalDate previous(Bucket bucket, LocalDate start) {
        return switch (bucket) {
            case DAY -> start.minusDays(1);
            case WEEK -> start.minusWeeks(1);
            case MONTH -> start.minusMonths(1);
        };
    }

    /** The affiliates that brought the most revenue in {@code currency} (all time up to {@code at}). */
    public List<TopAffiliate> topAffiliates(String merchantId, String currency, Instant at) {
        Timestamp until = Timestamp.from(at);
        return reads.as(merchantId, jdbc -> jdbc.sql("""
                        WITH conv AS (
                          SELECT affiliate_id, COUNT(*) AS n, COALESCE(SUM(amount_cents - refunded_cents), 0) AS revenue
                          FROM conversions WHERE merchant_id = ? AND currency = ? AND created_at <= ? GROUP BY affiliate_id
                          ORDER BY revenue DESC, n DESC, affiliate_id LIMIT ?),
                        com AS (
                          SELECT affiliate_id, COALESCE(SUM(amount_cents), 0) AS cents FROM commissions
                          WHERE merchant_id = ? AND currency = ? AND created_at <= ? AND status NOT IN ('rejected', 'voided')
                            AND affiliate_id IN (SELECT affiliate_id FROM conv) GROUP BY affiliate_id)
                        SELECT conv.affiliate_id, a.name, conv.n, conv.revenue, COALESCE(com.cents, 0) AS commission
                        FROM conv LEFT JOIN affiliates a ON a.merchant_id = ? AND a.id = conv.affiliate_id
                        LEFT JOIN com ON com.affiliate_id = conv.affiliate_id
                        ORDER BY conv.revenue DESC, conv.n DESC, conv.affiliate_id""")
                .params(merchantId, currency, until, TOP, merchantId, currency, until, merchantId)
                .query((rs, n) -> new TopAffiliate(rs.getString("affiliate_id"), rs.getString("name"), rs.getLong("n"),
                        rs.getLong("revenue"), rs.getLong("commission")))
                .list());
    }

    /** The latest events recorded up to {@code at}, newest first. */
    public List<Activity> recent(String merchantId, Instant at, int limit) {
        return reads.as(merchantId, jdbc -> jdbc.sql("""
                        SELECT recorded_at, type, resource_type, resource_id, actor FROM history_events
                        WHERE merchant_id = ? AND recorded_at <= ? ORDER BY position DESC LIMIT ?""")
                .params(merchantId, Timestamp.from(at), limit)
                .query((rs, n) -> new Activity(SqlTime.instant(rs, "recorded_at"), rs.getString("type"),
                        rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("actor")))
                .list());
    }

    /** The currencies the merchant has figures in, plus the program's. */
    public static List<String> currencies(List<Totals> totals, String programCurrency) {
        List<String> currencies = new ArrayList<>();
        if (programCurrency != null) {
            currencies.add(programCurrency);
        }
        totals.stream().map(Totals::currency).filter(c -> !currencies.contains(c)).forEach(currencies::add);
        return currencies;
    }
}
