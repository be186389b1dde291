package org.affiliateledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * F: the finance reads (issue 14) on the loaded store, each beside PostgreSQL answering the same question through
 * plain JDBC in the same run: a balance {@code as_of} a random past instant (a random affiliate, and the busy one), the
 * first page of {@code GET /api/v1/balances} at a past instant, the busy affiliate's statement over a year, and the
 * reconciliation of a month (the loaded conversions are spread over {@link EventLoader#SPAN}, so a month holds about a
 * tenth of them).
 */
final class FinanceScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration YEAR = Duration.ofDays(365);

    /** One figure: each request timed, per round and over all rounds. */
    interface Timed {
        void once(int i) throws Exception;
    }

    private final Settings settings;
    private final BenchDatabase database;
    private final int port;
    private final String key;
    private final String merchantId;
    private final List<String> affiliates;
    private final Instant loadEnd;
    private final Random random = new Random(14);

    /** @param affiliates the loaded affiliates, the busy one first; @param loadEnd the newest loaded conversion's time */
    FinanceScenario(Settings settings, BenchDatabase database, int port, String key, String merchantId, List<String> affiliates,
                    Instant loadEnd) {
        this.settings = settings;
        this.database = database;
        this.port = port;
        this.key = key;
        this.merchantId = merchantId;
        this.affiliates = affiliates;
        this.loadEnd = loadEnd;
    }

    FinanceResults measure(String checksumLoaded, String checksumRebuilt) throws Exception {
        int requests = settings.readRequests();
        String busy = affiliates.get(0);
        Instant yearAgo = loadEnd.minus(YEAR);
        // a month in the middle of the loaded span
        Instant monthFrom = loadEnd.minus(EventLoader.SPAN.dividedBy(2));
        Instant monthTo = monthFrom.plus(Duration.ofDays(30));
        try (Connection c = database.connect(BenchDatabase.LEDGER); HttpConnection http = new HttpConnection(port)) {
            long entries = count(c, "SELECT count(*) FROM balance_entries WHERE merchant_id = ?", merchantId);
            long busyEntries = count(c, "SELECT count(*) FROM balance_entries WHERE merchant_id = ? AND affiliate_id = ?", merchantId, busy);
            long monthConversions = count(c, "SELECT count(*) FROM balance_entries WHERE merchant_id = ? AND movement = 'earned' "
                    + "AND effective_at >= ? AND effective_at <= ?", merchantId, Timestamp.from(monthFrom), Timestamp.from(monthTo));
            // a bounded period reads the money events of the resources it touched (the loaded ones name nothing beyond
            // their own sale and commission, so that is the month's own events)
            long foldedEvents = count(c, "SELECT count(*) FROM history_events WHERE merchant_id = ? AND (resource_type IN "
                    + "('conversion', 'commission', 'payout') OR type = 'program.stripe_activity_unmatched') "
                    + "AND effective_at >= ? AND effective_at <= ?", merchantId, Timestamp.from(monthFrom), Timestamp.from(monthTo));
            Harness.say("F: finance reads: %,d balance entries (%,d of the busy affiliate), %,d conversions in the month %s – %s",
                    entries, busyEntries, monthConversions, monthFrom, monthTo);

            PreparedStatement balanceSql = c.prepareStatement("""
                    SELECT from_bucket, to_bucket, sum(amount_cents) FROM balance_entries
                    WHERE merchant_id = ? AND affiliate_id = ? AND currency = 'USD' AND effective_at <= ? AND recorded_at <= now()
                    GROUP BY from_bucket, to_bucket""");
            Timed balanceRandom = i -> {
                String affiliate = affiliates.get(random.nextInt(affiliates.size()));
                ok(http, "/api/v1/affiliates/" + affiliate + "/balance?currency=USD&as_of=" + pastInstant(), "\"balances\"");
            };
            Timed balanceRandomRaw = i -> drain(balanceSql, merchantId, affiliates.get(random.nextInt(affiliates.size())),
                    Timestamp.from(pastInstant()));
            Timed balanceBusy = i -> ok(http, "/api/v1/affiliates/" + busy + "/balance?currency=USD&as_of=" + pastInstant(), "\"balances\"");
            Timed balanceBusyRaw = i -> drain(balanceSql, merchantId, busy, Timestamp.from(pastInstant()));

            PreparedStatement pageSql = c.prepareStatement("""
                    SELECT affiliate_id, currency,
                           sum(CASE WHEN to_bucket = 'pending' THEN amount_cents WHEN from_bucket = 'pending' THEN -amount_cents ELSE 0 END),
                           sum(CASE WHEN to_bucket = 'approved' THEN amount_cents WHEN from_bucket = 'approved' THEN -amount_cents ELSE 0 END)
                    FROM balance_entries WHERE merchant_id = ? AND effective_at <= ? AND recorded_at <= now()
                    GROUP BY affiliate_id, currency ORDER BY affiliate_id DESC, currency DESC LIMIT 101""");
            Timed page = i -> ok(http, "/api/v1/balances?limit=" + Settings.PAGE + "&as_of=" + pastInstant(), "\"data\"");
            Timed pageRaw = i -> drain(pageSql, merchantId, Timestamp.from(pastInstant()));

            String statementPath = "/api/v1/affiliates/" + busy + "/statement?currency=USD&from=" + yearAgo + "&to=" + loadEnd;
            PreparedStatement statementSql = c.prepareStatement("""
                    SELECT * FROM balance_entries WHERE merchant_id = ? AND affiliate_id = ? AND currency = 'USD'
                      AND effective_at >= ? AND effective_at <= ? AND recorded_at <= now() ORDER BY effective_at, position""");
            Timed statement = i -> ok(http, statementPath, "\"closing\"");
            Timed statementRaw = i -> drain(statementSql, merchantId, busy, Timestamp.from(yearAgo), Timestamp.from(loadEnd));
            int statementLines = count(ok(http, statementPath, "\"closing\""), "\"movement\":");

            String reconciliationPath = "/api/v1/reconciliation?currency=USD&from=" + monthFrom + "&to=" + monthTo;
            // what the reconciliation reads: the month's money events from the history index, their payloads by position
            PreparedStatement reconciliationSql = c.prepareStatement("""
                    SELECT h.position, d.payload FROM history_events h JOIN domainevententry d ON d.globalindex = h.position
                    WHERE h.merchant_id = ? AND (h.resource_type IN ('conversion', 'commission', 'payout')
                                                 OR h.type = 'program.stripe_activity_unmatched')
                      AND h.effective_at >= ? AND h.effective_at <= ?""");
            reconciliationSql.setFetchSize(5_000);
            Timed reconciliation = i -> ok(http, reconciliationPath, "\"atPosition\"");
            Timed reconciliationRaw = i -> {
                c.setAutoCommit(false); // a cursor, fetched 5,000 rows at a time, as the ledger reads in batches
                try {
                    drain(reconciliationSql, merchantId, Timestamp.from(monthFrom), Timestamp.from(monthTo));
                } finally {
                    c.commit();
                    c.setAutoCommit(true);
                }
            };
            // its warm-up: the slowest request of all, asked once before the measured rounds (its report is kept)
            JsonNode report = JSON.readTree(ok(http, reconciliationPath, "\"atPosition\""));
            reconciliationRaw.once(0);

            int small = Math.max(3, requests / 20);
            int reconciliations = Math.max(1, requests / 200);
            FinanceResults.Pair balanceFigure = pair("balance?as_of, random affiliate", requests, balanceRandom, balanceRandomRaw);
            FinanceResults.Pair busyFigure = pair("balance?as_of, busy affiliate", requests, balanceBusy, balanceBusyRaw);
            FinanceResults.Pair pageFigure = pair("balances, first page", Math.max(3, requests / 4), page, pageRaw);
            FinanceResults.Pair statementFigure = pair("statement, a year", small, statement, statementRaw);
            FinanceResults.Pair reconciliationFigure = pair("reconciliation, a month", reconciliations, 0, reconciliation, reconciliationRaw);
            JsonNode total = report.path("currencies").path(0).path("total");
            return new FinanceResults(affiliates.size(), entries, busyEntries, statementLines, monthFrom.toString(), monthTo.toString(),
                    monthConversions, total.path("revenue").path("manualConversions").asLong(), foldedEvents,
                    report.path("breakCount").asInt(), report.path("balanced").asBoolean(),
                    balanceFigure, busyFigure, pageFigure, statementFigure, reconciliationFigure, checksumLoaded, checksumRebuilt);
        }
    }

    /** A random instant within the loaded span. */
    private Instant pastInstant() {
        return loadEnd.minusMillis((long) (random.nextDouble() * EventLoader.SPAN.toMillis()));
    }

    /** A warm-up, then {@code repeats} rounds of {@code perRound} requests, the ledger's and the raw query's alternating by round. */
    private FinanceResults.Pair pair(String name, int perRound, Timed ledger, Timed raw) throws Exception {
        return pair(name, perRound, Math.max(1, perRound / 4), ledger, raw);
    }

    private FinanceResults.Pair pair(String name, int perRound, int warmUp, Timed ledger, Timed raw) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            ledger.once(i);
            raw.once(i);
        }
        Rounds ledgerRounds = new Rounds();
        Rounds rawRounds = new Rounds();
        for (int round = 0; round < settings.repeats(); round++) {
            ledgerRounds.add(round(ledger, perRound));
            rawRounds.add(round(raw, perRound));
        }
        FinanceResults.Pair pair = new FinanceResults.Pair(ledgerRounds.done(name), rawRounds.done(name + " (raw SQL)"));
        Harness.say("  %s: p50 %.2f ms, p99 %.2f ms; raw SQL p50 %.2f ms, p99 %.2f ms", name, pair.ledger().all().p50Ms(),
                pair.ledger().all().p99Ms(), pair.raw().all().p50Ms(), pair.raw().all().p99Ms());
        return pair;
    }

    private static Histogram round(Timed op, int requests) throws Exception {
        Histogram micros = Latency.newHistogram();
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            op.once(i);
            Latency.record(micros, started, System.nanoTime());
        }
        return micros;
    }

    /** Rounds of one figure, as R keeps them. */
    static final class Rounds {
        private final Histogram all = Latency.newHistogram();
        private final List<Double> roundP50 = new ArrayList<>();

        void add(Histogram round) {
            all.add(round);
            roundP50.add(Latency.of(round).p50Ms());
        }

        Results.ReadFigure done(String path) {
            return new Results.ReadFigure(path, roundP50, Latency.of(all));
        }
    }

    /** GET with the API key; it must answer 200 with {@code expected} in the body. */
    private String ok(HttpConnection http, String path, String expected) {
        HttpConnection.Response response = http.get(path, key);
        String text = response.text();
        if (response.status() != 200 || !text.contains(expected)) {
            throw new IllegalStateException("GET " + path + " answered " + response.status() + ": "
                    + text.substring(0, Math.min(300, text.length())));
        }
        return text;
    }

    /** Runs the query and reads every column of every row, as a client would. */
    private static void drain(PreparedStatement query, Object... params) throws Exception {
        for (int i = 0; i < params.length; i++) {
            query.setObject(i + 1, params[i]);
        }
        long bytes = 0;
        try (ResultSet rs = query.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int col = 1; col <= columns; col++) {
                    byte[] value = rs.getBytes(col);
                    bytes += value == null ? 0 : value.length;
                }
            }
        }
        if (bytes < 0) {
            throw new IllegalStateException("unreachable: keeps the reads from being optimised away");
        }
    }

    private static long count(Connection c, String sql, Object... params) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
