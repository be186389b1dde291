package org.affiliateledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.HdrHistogram.Histogram;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.history.EventCatalogue;
import org.axonframework.common.DateTimeUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * H: the audit trail's scenarios (issue 13), run by the harness at three points: {@link #chainCost} after D (W with the
 * chain worker on and off, on fresh ledger starts), {@link #prepare} after the bulk load (the history index of the
 * loaded events, written straight in like the events themselves, and one commission with 20 events), and, on the
 * restarted ledger, {@link #chainCatchUp} before P and {@link #reads} after R.
 */
final class AuditScenarios {
    static final int AS_OF_EVENTS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper AXON_JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(60); // 2M events on a busy machine

    private final Settings settings;
    private final Path jar;
    private final Map<String, String> ledgerEnvironment;
    private final List<String> ledgerJvmOptions;
    private String commission;
    private Instant asOfInstant;
    private long chainHeadBeforeLoad;

    AuditScenarios(Settings settings, Path jar, Map<String, String> ledgerEnvironment, List<String> ledgerJvmOptions) {
        this.settings = settings;
        this.jar = jar;
        this.ledgerEnvironment = ledgerEnvironment;
        this.ledgerJvmOptions = ledgerJvmOptions;
    }

    /** W at the top concurrency, alternating ledger starts with the chain worker on and off; same database, same key. */
    AuditResults.ChainCost chainCost(BenchDatabase database, String key) throws Exception {
        int clients = settings.maxConcurrency();
        List<Results.RunFigures> on = new ArrayList<>();
        List<Results.RunFigures> off = new ArrayList<>();
        Harness.say("H: W at %d clients with the hash chain worker on and off (alternating starts)", clients);
        // each pair costs two ledger starts: the smoke run (which only proves the harness works) makes one pair
        int pairs = "smoke".equals(settings.mode()) ? 1 : settings.repeats();
        for (int i = 0; i < pairs; i++) {
            for (boolean chain : List.of(true, false)) {
                Map<String, String> env = new HashMap<>(ledgerEnvironment);
                env.put("LEDGER_CHAIN_ENABLED", Boolean.toString(chain));
                Path log = database.directory().resolve("ledger-chain-" + (chain ? "on-" : "off-") + i + ".log");
                try (LedgerProcess ledger = LedgerProcess.start(jar, database.jdbcUrl(BenchDatabase.LEDGER), database.user(), log,
                        env, ledgerJvmOptions)) {
                    WriteScenario writes = new WriteScenario(ledger.port(), key, affiliates(ledger, key));
                    writes.run(clients, settings.writeWarmup().dividedBy(2));
                    ClosedLoop.Run run = writes.run(clients, settings.writeRun());
                    (chain ? on : off).add(Results.RunFigures.of(run));
                    Harness.settle(ledger); // the loader moves every token to the head after these runs
                    Harness.say("  chain %s: %,.0f/s, p99 %.1f ms", chain ? "on " : "off", run.perSecond(), run.latency().p99Ms());
                }
            }
        }
        AuditResults.ChainCost cost = new AuditResults.ChainCost(clients, on, off);
        Harness.say("  median %,.0f/s on vs %,.0f/s off: cost %.1f %%", cost.medianOnPerSecond(), cost.medianOffPerSecond(),
                100 * cost.cost());
        return cost;
    }

    /**
     * With the ledger stopped after the bulk load: one commission with {@value #AS_OF_EVENTS} events (created, nine
     * disputes held and released, approved) written like the loader writes, then the history index of every event not
     * indexed yet, written in SQL as the history processor would (the loader moved its token past them, as it does the
     * projections': P rebuilds those, never the history index).
     */
    void prepare(BenchDatabase database, String merchantId, String affiliateId) throws Exception {
        chainHeadBeforeLoad = chainHead(database);
        commission = Ids.COMMISSION.next();
        String conversion = Ids.CONVERSION.next();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        List<Object> events = new ArrayList<>();
        events.add(new CommissionCreated(commission, merchantId, conversion, affiliateId, 0, 10_000, "10", 1_000, "USD",
                CommissionKind.COMMISSION, null, at.plus(30, ChronoUnit.DAYS)));
        for (int i = 0; i < (AS_OF_EVENTS - 2) / 2; i++) {
            events.add(new CommissionHeld(commission, merchantId, conversion, affiliateId, CommissionStatus.PENDING,
                    "dispute dp_" + i + " open", "dp_" + i));
            events.add(new CommissionReleased(commission, merchantId, conversion, affiliateId, CommissionStatus.PENDING, "dp_" + i));
        }
        events.add(new CommissionApproved(commission, merchantId, conversion, affiliateId, 1_000, "USD"));
        try (Connection c = database.connect(BenchDatabase.LEDGER)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                                  payloadrevision, payloadtype, "timestamp")
                    VALUES (?, ?, 'Commission', ?, ?, ?, NULL, ?, ?)""")) {
                for (int i = 0; i < events.size(); i++) {
                    insert.setString(1, commission);
                    insert.setLong(2, i);
                    insert.setString(3, UUID.randomUUID().toString());
                    insert.setBytes(4, "{\"actor\":\"system\"}".getBytes(StandardCharsets.UTF_8));
                    insert.setBytes(5, AXON_JSON.writeValueAsBytes(events.get(i)));
                    insert.setString(6, events.get(i).getClass().getName());
                    insert.setString(7, DateTimeUtils.formatInstant(at.plusSeconds(60L * i)));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
            asOfInstant = at.plusSeconds(60L * (AS_OF_EVENTS - 2) + 30); // before the last event: 19 of the 20 apply
            long indexed = indexHistory(c);
            c.commit();
            Harness.say("H: history index written for %,d loaded events; commission %s has %d events", indexed, commission, events.size());
        }
    }

    /** The history processor's rows for every event after the last indexed one, in one INSERT … SELECT. */
    private static long indexHistory(Connection c) throws Exception {
        StringBuilder types = new StringBuilder("CASE payloadtype");
        StringBuilder resources = new StringBuilder("CASE payloadtype");
        List<Object> params = new ArrayList<>();
        List<Object> resourceParams = new ArrayList<>();
        for (EventCatalogue.Entry entry : EventCatalogue.entries()) {
            types.append(" WHEN ? THEN ?");
            params.add(entry.eventClass().getName());
            params.add(entry.type());
            resources.append(" WHEN ? THEN ?");
            resourceParams.add(entry.eventClass().getName());
            resourceParams.add(entry.resourceType());
        }
        types.append(" ELSE 'other' END");
        resources.append(" ELSE 'other' END");
        String sql = """
                INSERT INTO history_events (merchant_id, position, event_id, resource_type, resource_id, sequence, type, actor,
                                            request_id, correlation_id, causation_id, recorded_at, effective_at)
                SELECT convert_from(payload, 'UTF8')::jsonb ->> 'merchantId', globalindex, eventidentifier, %s,
                       aggregateidentifier, sequencenumber, %s, COALESCE(convert_from(metadata, 'UTF8')::jsonb ->> 'actor', 'unknown'),
                       NULL, COALESCE(convert_from(metadata, 'UTF8')::jsonb ->> 'traceId', eventidentifier),
                       convert_from(metadata, 'UTF8')::jsonb ->> 'correlationId', "timestamp"::timestamptz, "timestamp"::timestamptz
                FROM domainevententry
                WHERE globalindex > (SELECT COALESCE(max(position), 0) FROM history_events)
                ON CONFLICT DO NOTHING""".formatted(resources, types);
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            int n = 1;
            for (Object value : resourceParams) {
                insert.setObject(n++, value);
            }
            for (Object value : params) {
                insert.setObject(n++, value);
            }
            return insert.executeUpdate();
        }
    }

    /**
     * On the restarted ledger: how fast the chain worker links the loaded events. It starts with the ledger, so the rate
     * comes from the links' own times ({@code linked_at}, each batch's transaction start): the events linked after the
     * first batch, over the time from the first batch to the last.
     */
    AuditResults.CatchUp chainCatchUp(BenchDatabase database) throws Exception {
        long head = query(database, "SELECT max(globalindex) FROM domainevententry");
        long started = System.nanoTime();
        while (chainHead(database) < head) {
            if (System.nanoTime() - started > CATCH_UP_TIMEOUT.toNanos()) {
                throw new IllegalStateException("the chain did not reach " + head + " in " + CATCH_UP_TIMEOUT);
            }
            LedgerProcess.sleep(Duration.ofMillis(100));
        }
        try (Connection c = database.connect(BenchDatabase.LEDGER); PreparedStatement s = c.prepareStatement("""
                WITH linked AS (SELECT linked_at FROM event_chain WHERE position > ?)
                SELECT count(*) FILTER (WHERE linked_at > (SELECT min(linked_at) FROM linked)),
                       EXTRACT(EPOCH FROM max(linked_at) - min(linked_at)) FROM linked""")) {
            s.setLong(1, chainHeadBeforeLoad);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                AuditResults.CatchUp catchUp = new AuditResults.CatchUp(rs.getLong(1), rs.getDouble(2));
                Harness.say("H: the chain linked the loaded store at %,.0f events/s (%,d events after its first batch in %.1f s)",
                        catchUp.eventsPerSecond(), catchUp.events(), catchUp.seconds());
                return catchUp;
            }
        }
    }

    private static long query(BenchDatabase database, String sql) throws Exception {
        try (Connection c = database.connect(BenchDatabase.LEDGER); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** History pages first and deep, as_of against the read model, verify against a plain SELECT. */
    AuditResults reads(BenchDatabase database, LedgerProcess ledger, String key, String merchantId,
                       AuditResults.ChainCost cost, AuditResults.CatchUp catchUp) throws Exception {
        int depth = settings.readDepth();
        long events;
        long deepPosition;
        try (Connection c = database.connect(BenchDatabase.LEDGER);
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM history_events WHERE merchant_id = ?");
             PreparedStatement deep = c.prepareStatement(
                     "SELECT position FROM history_events WHERE merchant_id = ? ORDER BY position OFFSET ? LIMIT 1")) {
            count.setString(1, merchantId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                events = rs.getLong(1);
            }
            deep.setString(1, merchantId);
            deep.setInt(2, depth - 1);
            try (ResultSet rs = deep.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("fewer than " + depth + " events in the history index");
                }
                deepPosition = rs.getLong(1);
            }
        }
        String first = "/api/v1/history?limit=" + Settings.PAGE;
        String cursor = first + "&cursor=" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("h1:" + deepPosition).getBytes(StandardCharsets.UTF_8));
        String asOf = "/api/v1/commissions/" + commission + "?as_of=" + asOfInstant;
        String readModel = "/api/v1/commissions/" + commission;
        Harness.say("H: GET /api/v1/history?limit=100, first page vs a cursor %,d events deep (%,d in the index)", depth, events);
        measure(ledger, key, first, Settings.PAGE, settings.readRequests() / 4 + 1);
        measure(ledger, key, cursor, Settings.PAGE, settings.readRequests() / 4 + 1);
        measure(ledger, key, asOf, 0, settings.readRequests() / 4 + 1);
        measure(ledger, key, readModel, 0, settings.readRequests() / 4 + 1);
        Figure firstFigure = new Figure(first);
        Figure cursorFigure = new Figure(cursor);
        Figure asOfFigure = new Figure(asOf);
        Figure readModelFigure = new Figure(readModel);
        for (int round = 0; round < settings.repeats(); round++) {
            firstFigure.add(measure(ledger, key, first, Settings.PAGE, settings.readRequests()));
            cursorFigure.add(measure(ledger, key, cursor, Settings.PAGE, settings.readRequests()));
            asOfFigure.add(measure(ledger, key, asOf, 0, settings.readRequests()));
            readModelFigure.add(measure(ledger, key, readModel, 0, settings.readRequests()));
        }
        say("history first page", firstFigure);
        say("history cursor " + depth + " deep", cursorFigure);
        say("as_of (" + AS_OF_EVENTS + " events)", asOfFigure);
        say("read model", readModelFigure);
        AuditResults.Verify verify = verify(database, ledger);
        return new AuditResults(cost, catchUp, depth, events, firstFigure.done(), cursorFigure.done(), AS_OF_EVENTS,
                asOfFigure.done(), readModelFigure.done(), verify);
    }

    private AuditResults.Verify verify(BenchDatabase database, LedgerProcess ledger) throws Exception {
        List<Double> seconds = new ArrayList<>();
        List<Double> select = new ArrayList<>();
        long verified = 0;
        boolean ok = true;
        int runs = Math.max(1, settings.rebuilds());
        for (int i = 0; i < runs; i++) {
            select.add(plainSelect(database));
            try (HttpConnection http = new HttpConnection(ledger.port())) {
                long started = System.nanoTime();
                HttpConnection.Response response = http.post("/admin/v1/history/verify", LedgerProcess.ADMIN_TOKEN, "{}");
                double took = (System.nanoTime() - started) / 1e9;
                if (response.status() != 200) {
                    throw new IllegalStateException("verify answered " + response.status() + ": " + response.text());
                }
                JsonNode body = JSON.readTree(response.body());
                verified = body.path("verified").asLong();
                ok &= body.path("ok").asBoolean();
                seconds.add(took);
                Harness.say("H: verify of %,d links in %.1f s: %,.0f events/s (ok: %s); plain SELECT of the same rows: %,.0f rows/s",
                        verified, took, verified / took, body.path("ok").asBoolean(), select.get(select.size() - 1));
            }
        }
        return new AuditResults.Verify(verified, seconds, select, ok);
    }

    /** Every column of every event, read through JDBC with a fetch size, bytes touched: rows/s. */
    private static double plainSelect(BenchDatabase database) throws Exception {
        try (Connection c = database.connect(BenchDatabase.LEDGER)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(5_000);
                long started = System.nanoTime();
                long rows = 0;
                long bytes = 0;
                try (ResultSet rs = s.executeQuery("""
                        SELECT globalindex, eventidentifier, type, aggregateidentifier, sequencenumber, "timestamp", payloadtype,
                               payloadrevision, payload, metadata FROM domainevententry ORDER BY globalindex""")) {
                    while (rs.next()) {
                        rows++;
                        bytes += rs.getBytes(9).length + rs.getString(2).length();
                    }
                }
                double perSecond = rows / ((System.nanoTime() - started) / 1e9);
                return bytes >= 0 ? perSecond : 0; // the bytes are read, as verify reads them
            }
        }
    }

    /** The chain's last linked position, read from its table. */
    private static long chainHead(BenchDatabase database) throws Exception {
        try (Connection c = database.connect(BenchDatabase.LEDGER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(max(position), 0) FROM event_chain")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code requests} GETs back to back; each must answer 200 (with {@code rows} history items when rows > 0). */
    private static Histogram measure(LedgerProcess ledger, String key, String path, int rows, int requests) {
        Histogram micros = Latency.newHistogram();
        try (HttpConnection http = new HttpConnection(ledger.port())) {
            for (int i = 0; i < requests; i++) {
                long started = System.nanoTime();
                HttpConnection.Response response = http.get(path, key);
                long ended = System.nanoTime();
                String text = response.text();
                if (response.status() != 200 || (rows > 0 && count(text, "\"position\":") != rows)) {
                    throw new IllegalStateException("GET " + path + " answered " + response.status() + ": "
                            + text.substring(0, Math.min(300, text.length())));
                }
                Latency.record(micros, started, ended);
            }
        }
        return micros;
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    private static List<String> affiliates(LedgerProcess ledger, String key) throws Exception {
        List<String> ids = new ArrayList<>();
        try (HttpConnection http = new HttpConnection(ledger.port())) {
            JsonNode page = JSON.readTree(http.get("/api/v1/affiliates?status=active&limit=100", key).body());
            page.path("data").forEach(affiliate -> ids.add(affiliate.path("id").asText()));
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("no active affiliates to write for");
        }
        return ids;
    }

    private static void say(String what, Figure figure) {
        Latency all = Latency.of(figure.all);
        Harness.say("  %s: p50 %.2f ms, p99 %.2f ms", what, all.p50Ms(), all.p99Ms());
    }

    /** Rounds of one request, as R keeps them. */
    private static final class Figure {
        final String path;
        final Histogram all = Latency.newHistogram();
        final List<Double> roundP50 = new ArrayList<>();

        Figure(String path) {
            this.path = path;
        }

        void add(Histogram round) {
            all.add(round);
            roundP50.add(Latency.of(round).p50Ms());
        }

        Results.ReadFigure done() {
            return new Results.ReadFigure(path, roundP50, Latency.of(all));
        }
    }
}
