package org.affiliateledger.query.overview;

import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.TenantReads;
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
 * attributed and what payouts are due; activity over time; the top affiliates; the latest events. (Where commissions
 * stand, and what is outstanding, is read from the finance balances, as {@code GET /api/v1/balances/totals} does.)
 * <p>
 * Every query takes an instant ({@code at}): the present is {@code now}; a past view counts what had been recorded by
 * then — conversions, clicks, commissions and payouts created by then, each payout in the status its timestamps give
 * it. The totals' revenue is net of the refunds made by then ({@link #totals(String, Instant, boolean)}); the series
 * and the top affiliates are at the rows' current amounts (a partial refund recorded after {@code at} is deducted).
 * <p>
 * None of them reads all of a merchant's rows: the whole days before {@code at}'s are summed from the day totals
 * ({@code conversion_day_totals}, {@code commission_day_totals}, {@code click_day_totals}) and the per-affiliate totals,
 * which the database keeps with the rows (migration V148) in shards, one per writer (V151 for clicks, V152 for the
 * rest), so every read sums a key's shards; only a past instant's own day, and for the top affiliates
 * what was created after {@code at}, is read from the rows (see {@link EdgeDay}).
 */
@Component
public class OverviewQueries {
    private static final int TOP = 10;

    private final TenantReads reads;

    public OverviewQueries(TenantReads reads) {
        this.reads = reads;
    }

    /** Conversions, revenue and payouts due in one currency; amounts in its minor units. */
    public record Totals(String currency, long conversions, long revenueCents, long payoutsDueCents, long payoutsDue) {
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

    /**
     * Conversions and revenue, and the payouts due, per currency, as recorded by {@code at}. What commissions stand at
     * (pending, approved, paid, outstanding) is the finance balances' ({@code BalanceQueries}): one truth for those.
     */
    public List<Totals> totals(String merchantId, Instant at) {
        return totals(merchantId, at, false);
    }

    /**
     * @param past a past view: revenue net of what had been refunded by {@code at} (effective and recorded by then, from
     *             {@code conversion_refunds}), not of what has been refunded since; payouts at their amounts then (a
     *             payout's amount is fixed when it is created) in the status their timestamps give them at {@code at}
     */
    public List<Totals> totals(String merchantId, Instant at, boolean past) {
        Timestamp until = Timestamp.from(at);
        EdgeDay edge = EdgeDay.of(at, past);
        return reads.as(merchantId, jdbc -> {
            Map<String, long[]> byCurrency = new TreeMap<>();
            // [conversions, revenue, payouts due cents, payouts due count]
            // the whole days before at's from the day totals, its own day from the rows up to it; the present nets the
            // current refunds, a past view the amounts (it deducts the refunds made by then below)
            jdbc.sql("""
                            SELECT currency, SUM(n) AS n, SUM(amount) AS amount, SUM(refunded) AS refunded FROM (
                              SELECT currency, conversions AS n, amount_cents AS amount, refunded_cents AS refunded
                              FROM conversion_day_totals WHERE merchant_id = ? AND day < ?
                              UNION ALL
                              SELECT currency, 1, amount_cents, refunded_cents FROM conversions
                              WHERE merchant_id = ? AND created_at >= ? AND created_at <= ?) c
                            GROUP BY currency""")
                    .params(merchantId, edge.totalsBefore(), merchantId, edge.rowsFrom(), until)
                    .query(rs -> {
                        long[] row = byCurrency.computeIfAbsent(rs.getString("currency").strip(), c -> new long[4]);
                        row[0] = rs.getLong("n");
                        row[1] = rs.getLong("amount") - (past ? 0 : rs.getLong("refunded"));
                    });
            if (past) {
                // per conversion the largest cumulative refund effective and recorded by then (the refunds are few)
                jdbc.sql("""
                                WITH refunded AS (
                                  SELECT conversion_id, MAX(refunded_cents) AS cents FROM conversion_refunds
                                  WHERE merchant_id = ? AND recorded_at <= ? AND effective_at <= ? GROUP BY conversion_id)
                                SELECT c.currency, SUM(r.cents) AS cents FROM refunded r
                                JOIN conversions c ON c.id = r.conversion_id AND c.merchant_id = ? AND c.created_at <= ?
                                GROUP BY c.currency""")
                        .params(merchantId, until, until, merchantId, until)
                        .query(rs -> {
                            long[] row = byCurrency.get(rs.getString("currency").strip());
                            if (row != null) {
                                row[1] -= rs.getLong("cents");
                            }
                        });
            }
            jdbc.sql("""
                            SELECT currency, COUNT(*) AS n, COALESCE(SUM(amount_cents), 0) AS due FROM payouts
                            WHERE merchant_id = ? AND created_at <= ?
                              AND NOT COALESCE(paid_at <= ?, false) AND NOT COALESCE(failed_at <= ?, false)
                            GROUP BY currency""")
                    .params(merchantId, until, until, until)
                    .query(rs -> {
                        long[] row = byCurrency.computeIfAbsent(rs.getString("currency").strip(), c -> new long[4]);
                        row[2] = rs.getLong("due");
                        row[3] = rs.getLong("n");
                    });
            List<Totals> totals = new ArrayList<>();
            byCurrency.forEach((currency, r) -> totals.add(new Totals(currency, r[0], r[1], r[2], r[3])));
            return totals;
        });
    }

    /**
     * The last {@link Bucket#count()} buckets up to {@code at}, oldest first, empty buckets included.
     *
     * @param past a past view: {@code at}'s own day is cut at {@code at}, from the rows
     */
    public Series series(String merchantId, Bucket bucket, String currency, Instant at, boolean past) {
        LocalDate last = bucket.start(at.atZone(ZoneOffset.UTC).toLocalDate());
        LocalDate first = last;
        for (int i = 1; i < bucket.count(); i++) {
            first = previous(bucket, first);
        }
        Map<LocalDate, long[]> points = new LinkedHashMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = bucket.next(d)) {
            points.put(d, new long[4]);
        }
        LocalDate firstDay = first;
        EdgeDay edge = EdgeDay.of(at, past);
        LocalDate day = edge.totalsBefore();
        Timestamp dayStart = edge.rowsFrom();
        Timestamp until = Timestamp.from(at);
        String unit = bucket.wireName();
        // each: the whole days from the first bucket's start to at's day from the day totals, at's own day from the rows
        // up to at (by the (merchant_id, created_at) indexes)
        reads.as(merchantId, jdbc -> {
            jdbc.sql("""
                            SELECT date_trunc('%s', d)::date AS b, SUM(n) AS n,
                                   COALESCE(SUM(CASE WHEN currency = ? THEN amount - refunded ELSE 0 END), 0) AS revenue
                            FROM (SELECT day::timestamp AS d, currency, conversions AS n, amount_cents AS amount,
                                         refunded_cents AS refunded
                                  FROM conversion_day_totals WHERE merchant_id = ? AND day >= ? AND day < ?
                                  UNION ALL
                                  SELECT created_at AT TIME ZONE 'UTC', currency, 1, amount_cents, refunded_cents FROM conversions
                                  WHERE merchant_id = ? AND created_at >= ? AND created_at <= ?) c
                            GROUP BY b""".formatted(unit))
                    .params(currency, merchantId, firstDay, day, merchantId, dayStart, until)
                    .query(rs -> {
                        long[] p = points.get(rs.getObject("b", LocalDate.class));
                        if (p != null) {
                            p[0] = rs.getLong("n");
                            p[1] = rs.getLong("revenue");
                        }
                    });
            jdbc.sql("""
                            SELECT date_trunc('%s', d)::date AS b, COALESCE(SUM(cents), 0) AS cents
                            FROM (SELECT day::timestamp AS d, amount_cents AS cents FROM commission_day_totals
                                  WHERE merchant_id = ? AND currency = ? AND day >= ? AND day < ?
                                  UNION ALL
                                  SELECT created_at AT TIME ZONE 'UTC', amount_cents FROM commissions
                                  WHERE merchant_id = ? AND currency = ? AND created_at >= ? AND created_at <= ?) c
                            GROUP BY b""".formatted(unit))
                    .params(merchantId, currency, firstDay, day, merchantId, currency, dayStart, until)
                    .query(rs -> {
                        long[] p = points.get(rs.getObject("b", LocalDate.class));
                        if (p != null) {
                            p[2] = rs.getLong("cents");
                        }
                    });
            jdbc.sql("""
                            SELECT date_trunc('%s', d)::date AS b, SUM(n) AS n
                            FROM (SELECT day::timestamp AS d, clicks AS n FROM click_day_totals
                                  WHERE merchant_id = ? AND day >= ? AND day < ?
                                  UNION ALL
                                  SELECT created_at AT TIME ZONE 'UTC', 1 FROM click_session
                                  WHERE merchant_id = ? AND created_at >= ? AND created_at <= ?) c
                            GROUP BY b""".formatted(unit))
                    .params(merchantId, firstDay, day, merchantId, dayStart, until)
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

    /**
     * Where the day totals end and the rows begin: whole days before {@code totalsBefore} come from the day totals, rows
     * created from {@code rowsFrom} up to the instant from the rows. A past instant's own day is cut at the instant, so it
     * comes from the rows. The present takes its own day from the day totals as well: they already hold every row written
     * so far, and a busy day has many rows (the full bench's merchant: about 100,000 clicks today, /ui p95 214 ms when
     * they were read row by row); its row range is then empty (it starts after the instant).
     */
    private record EdgeDay(LocalDate totalsBefore, Timestamp rowsFrom) {
        static EdgeDay of(Instant at, boolean past) {
            LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
            return past
                    ? new EdgeDay(day, Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant()))
                    : new EdgeDay(day.plusDays(1), Timestamp.from(at.plusNanos(1_000)));
        }
    }

    private static LocalDate previous(Bucket bucket, LocalDate start) {
        return switch (bucket) {
            case DAY -> start.minusDays(1);
            case WEEK -> start.minusWeeks(1);
            case MONTH -> start.minusMonths(1);
        };
    }

    /**
     * The affiliates that brought the most revenue in {@code currency} (all time up to {@code at}): their totals
     * ({@code affiliate_conversion_totals}, {@code affiliate_commission_totals}) less what was created after {@code at}
     * (nothing, at the present).
     */
    public List<TopAffiliate> topAffiliates(String merchantId, String currency, Instant at) {
        Timestamp until = Timestamp.from(at);
        return reads.as(merchantId, jdbc -> jdbc.sql("""
                        WITH later AS (
                          SELECT affiliate_id, COUNT(*) AS n, SUM(amount_cents - refunded_cents) AS revenue FROM conversions
                          WHERE merchant_id = ? AND currency = ? AND created_at > ? GROUP BY affiliate_id),
                        conv AS (
                          SELECT t.affiliate_id, t.conversions - COALESCE(l.n, 0) AS n,
                                 t.revenue_cents - COALESCE(l.revenue, 0) AS revenue
                          FROM (SELECT affiliate_id, SUM(conversions) AS conversions, SUM(revenue_cents) AS revenue_cents
                                FROM affiliate_conversion_totals WHERE merchant_id = ? AND currency = ?
                                GROUP BY affiliate_id) t
                          LEFT JOIN later l ON l.affiliate_id = t.affiliate_id
                          WHERE t.conversions - COALESCE(l.n, 0) > 0
                          ORDER BY revenue DESC, n DESC, t.affiliate_id LIMIT ?),
                        com_later AS (
                          SELECT affiliate_id, SUM(amount_cents) AS cents FROM commissions
                          WHERE merchant_id = ? AND currency = ? AND created_at > ? AND status NOT IN ('rejected', 'voided')
                            AND affiliate_id IN (SELECT affiliate_id FROM conv) GROUP BY affiliate_id),
                        com AS (
                          SELECT t.affiliate_id, t.standing_cents - COALESCE(l.cents, 0) AS cents
                          FROM (SELECT affiliate_id, SUM(standing_cents) AS standing_cents FROM affiliate_commission_totals
                                WHERE merchant_id = ? AND currency = ? AND affiliate_id IN (SELECT affiliate_id FROM conv)
                                GROUP BY affiliate_id) t
                          LEFT JOIN com_later l ON l.affiliate_id = t.affiliate_id)
                        SELECT conv.affiliate_id, a.name, conv.n, conv.revenue, COALESCE(com.cents, 0) AS commission
                        FROM conv LEFT JOIN affiliates a ON a.merchant_id = ? AND a.id = conv.affiliate_id
                        LEFT JOIN com ON com.affiliate_id = conv.affiliate_id
                        ORDER BY conv.revenue DESC, conv.n DESC, conv.affiliate_id""")
                .params(merchantId, currency, until, merchantId, currency, TOP, merchantId, currency, until,
                        merchantId, currency, merchantId)
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
}
