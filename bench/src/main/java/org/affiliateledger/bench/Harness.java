package org.affiliateledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run, every scenario in order on one PostgreSQL: the raw JDBC baselines first, then the ledger
 * started as its own process (S), loaded over HTTP (W, with L beside the heaviest level), stopped while the event
 * store is filled in bulk, started again (S), rebuilt (P) and read from (R).
 */
final class Harness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Path jar;
    private final Map<String, String> ledgerEnvironment;
    private final List<String> ledgerJvmOptions;
    private final String command;

    Harness(Settings settings, Path jar, Map<String, String> ledgerEnvironment, List<String> ledgerJvmOptions, String command) {
        this.settings = settings;
        this.jar = jar;
        this.ledgerEnvironment = ledgerEnvironment;
        this.ledgerJvmOptions = ledgerJvmOptions;
        this.command = command;
    }

    Results run() throws Exception {
        long started = System.nanoTime();
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try (BenchDatabase database = BenchDatabase.start()) {
            Machine machine = Machine.describe(database);
            say("PostgreSQL %s on %d cores (%s); load average %s", machine.postgres(), machine.cores(), machine.cpu(),
                    machine.loadAverageAtStart());
            Results.Baseline baseline = baselines(database);

            List<Results.Startup> startups = new ArrayList<>();
            List<Results.Level> writes = new ArrayList<>();
            Latency lag;
            String key;
            String merchantId;
            String affiliateId;
            Results.Clicks clicks;
            Results.Deliveries deliveries;
            List<String> loadAffiliates;
            try (LedgerProcess ledger = startLedger(database, startups, 1)) {
                JsonNode merchant = onboard(ledger);
                key = merchant.path("apiKey").path("key").asText();
                merchantId = merchant.path("id").asText();
                JsonNode affiliate = activeAffiliate(ledger, key);
                affiliateId = affiliate.path("id").asText();
                lag = writes(ledger, key, affiliateId, writes);
                clicks = clicks(ledger, key, affiliate.path("shortCode").asText(), baseline);
                deliveries = deliveries(ledger, key, affiliateId);
                loadAffiliates = loadAffiliates(ledger, key, affiliateId);
                settle(ledger);
            }
            AuditScenarios audit = new AuditScenarios(settings, jar, ledgerEnvironment, ledgerJvmOptions);
            AuditResults.ChainCost chainCost = audit.chainCost(database, key);

            say("bulk load: %,d conversions (%,d events) straight into the event store, over %,d affiliates and the %d days before now",
                    settings.bulkConversions(), 2L * settings.bulkConversions(), loadAffiliates.size(), EventLoader.SPAN.toDays());
            EventLoader loader = new EventLoader(database.jdbcUrl(BenchDatabase.LEDGER), database.user());
            long before = loader.head();
            EventLoader.Loaded loaded = loader.load(merchantId, loadAffiliates, settings.bulkConversions(), settings.bulkThreads(), Settings.BATCH);
            EventLoader.Moved moved = loader.advanceTokensToHead(before);
            say("  %,.0f events/s; every processor's token moved to the head (%,d): %s", loaded.eventsPerSecond(), moved.head(),
                    String.join(", ", moved.processors()));
            say("  balances: %,d balance entries written for the loaded commissions", loader.fillBalances(moved));
            audit.prepare(database, merchantId, affiliateId);

            Results.Rebuild rebuild;
            Results.Reads reads;
            AuditResults auditResults;
            FinanceResults finance;
            List<Results.ReadFigure> dashboard;
            Results.CatchUp catchUp;
            try (LedgerProcess ledger = startLedger(database, startups, 2)) {
                AuditResults.CatchUp chainCatchUp = audit.chainCatchUp(database);
                catchUp = catchUp(ledger, moved);
                String balancesLoaded = loader.balancesChecksum();
                rebuild = rebuilds(database, ledger);
                String balancesRebuilt = loader.balancesChecksum();
                say("  balance tables as loaded by SQL %s those replayed by the rebuild (%s)",
                        balancesLoaded.equals(balancesRebuilt) ? "equal" : "DIFFER from", balancesRebuilt);
                reads = reads(database, ledger, key, merchantId);
                auditResults = audit.reads(database, ledger, key, merchantId, chainCost, chainCatchUp);
                finance = new FinanceScenario(settings, database, ledger.port(), key, merchantId, loadAffiliates,
                        Instant.parse(loaded.spanEnd())).measure(balancesLoaded, balancesRebuilt);
                dashboard = new DashboardScenario(settings, ledger.port(), key, affiliateId).measure();
            }
            for (int i = 3; i <= settings.startups(); i++) {
                startLedger(database, startups, i).close();
            }
            return new Results(date, command, settings, machine, ledgerEnvironment, ledgerJvmOptions, baseline, startups,
                    writes, lag, loaded, rebuild, reads, deliveries, clicks, Machine.loadAverage(), (System.nanoTime() - started) / 1e9,
                    auditResults, catchUp, finance, dashboard);
        }
    }

    /**
     * P alone, for tuning the rebuild ({@code -Dbench.rebuild=true -Dtest=RebuildBenchmarkRun}): onboarding, the bulk load
     * and the rebuilds of a quick run, without W, C, D and the reads; prints its figures and writes no report.
     */
    Results.Rebuild rebuildOnly() throws Exception {
        try (BenchDatabase database = BenchDatabase.start()) {
            List<Results.Startup> startups = new ArrayList<>();
            String merchantId;
            List<String> loadAffiliates;
            try (LedgerProcess ledger = startLedger(database, startups, 1)) {
                JsonNode merchant = onboard(ledger);
                String key = merchant.path("apiKey").path("key").asText();
                merchantId = merchant.path("id").asText();
                String affiliateId = activeAffiliate(ledger, key).path("id").asText();
                loadAffiliates = loadAffiliates(ledger, key, affiliateId);
                settle(ledger);
            }
            EventLoader loader = new EventLoader(database.jdbcUrl(BenchDatabase.LEDGER), database.user());
            long before = loader.head();
            EventLoader.Loaded loaded = loader.load(merchantId, loadAffiliates, settings.bulkConversions(), settings.bulkThreads(), Settings.BATCH);
            EventLoader.Moved moved = loader.advanceTokensToHead(before);
            say("bulk load: %,.0f events/s; %,d balance entries", loaded.eventsPerSecond(), loader.fillBalances(moved));
            try (LedgerProcess ledger = startLedger(database, startups, 2)) {
                catchUp(ledger, moved);
                String sql = System.getProperty("bench.rebuildSql", "");
                if (!sql.isBlank()) {
                    try (Connection c = database.connect(BenchDatabase.LEDGER); Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                    say("ran before the rebuilds: %s", sql);
                }
                return rebuilds(database, ledger);
            }
        }
    }

    /**
     * F and U alone on a store of the published size (issues 14 and 15 ask for their figures at 1M+ events and 10,000
     * affiliates): the same loader, history index, chain catch-up and one rebuild (which fills the read models the
     * dashboard lists) as {@link #run()}, without W, C, D, H and R, so it fits in well under an hour.
     */
    ScaleResults scale() throws Exception {
        long started = System.nanoTime();
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try (BenchDatabase database = BenchDatabase.start()) {
            Machine machine = Machine.describe(database);
            say("F and U at scale; PostgreSQL %s on %d cores; load average %s", machine.postgres(), machine.cores(),
                    machine.loadAverageAtStart());
            List<Results.Startup> startups = new ArrayList<>();
            String key;
            String merchantId;
            String affiliateId;
            List<String> loadAffiliates;
            try (LedgerProcess ledger = startLedger(database, startups, 1)) {
                JsonNode merchant = onboard(ledger);
                key = merchant.path("apiKey").path("key").asText();
                merchantId = merchant.path("id").asText();
                affiliateId = activeAffiliate(ledger, key).path("id").asText();
                loadAffiliates = loadAffiliates(ledger, key, affiliateId);
                settle(ledger);
            }
            say("bulk load: %,d conversions (%,d events) over %,d affiliates and the %d days before now",
                    settings.bulkConversions(), 2L * settings.bulkConversions(), loadAffiliates.size(), EventLoader.SPAN.toDays());
            EventLoader loader = new EventLoader(database.jdbcUrl(BenchDatabase.LEDGER), database.user());
            long before = loader.head();
            EventLoader.Loaded loaded = loader.load(merchantId, loadAffiliates, settings.bulkConversions(), settings.bulkThreads(), Settings.BATCH);
            EventLoader.Moved moved = loader.advanceTokensToHead(before);
            say("  %,.0f events/s; every processor's token moved to the head (%,d)", loaded.eventsPerSecond(), moved.head());
            say("  balances: %,d balance entries written for the loaded commissions", loader.fillBalances(moved));
            AuditScenarios audit = new AuditScenarios(settings, jar, ledgerEnvironment, ledgerJvmOptions);
            audit.prepare(database, merchantId, affiliateId);
            try (LedgerProcess ledger = startLedger(database, startups, 2)) {
                AuditResults.CatchUp chain = audit.chainCatchUp(database);
                Results.CatchUp catchUp = catchUp(ledger, moved);
                String balancesLoaded = loader.balancesChecksum();
                Results.Rebuild rebuild = rebuilds(database, ledger);
                String balancesRebuilt = loader.balancesChecksum();
                say("  balance tables as loaded by SQL %s those replayed by the rebuild",
                        balancesLoaded.equals(balancesRebuilt) ? "equal" : "DIFFER from");
                FinanceResults finance = new FinanceScenario(settings, database, ledger.port(), key, merchantId, loadAffiliates,
                        Instant.parse(loaded.spanEnd())).measure(balancesLoaded, balancesRebuilt);
                List<Results.ReadFigure> dashboard = new DashboardScenario(settings, ledger.port(), key, affiliateId).measure();
                return new ScaleResults(date, machine, loaded, chain, catchUp, rebuild, finance, dashboard,
                        Machine.loadAverage(), (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /**
     * The affiliates the load spreads conversions over: the bench affiliate first (the busy one), then new active ones
     * created over HTTP on several connections.
     */
    private List<String> loadAffiliates(LedgerProcess ledger, String key, String busy) throws Exception {
        int wanted = settings.loadAffiliates() - 1;
        long started = System.nanoTime();
        int threads = Math.min(8, Math.max(1, wanted));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<String>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                parts.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    try (HttpConnection http = new HttpConnection(ledger.port())) {
                        for (int n = thread; n < wanted; n += threads) {
                            HttpConnection.Response created = http.post("/api/v1/affiliates", key,
                                    "{\"name\":\"Bench Load " + n + "\",\"email\":\"load" + n + "@example.com\",\"status\":\"active\"}");
                            if (created.status() != 201) {
                                throw new IllegalStateException("affiliate creation answered " + created.status() + ": " + created.text());
                            }
                            ids.add(JSON.readTree(created.body()).path("id").asText());
                        }
                    }
                    return ids;
                }));
            }
            List<String> affiliates = new ArrayList<>(List.of(busy));
            for (var part : parts) {
                affiliates.addAll(part.get());
            }
            say("affiliates for the load: %,d created in %.1f s", wanted, (System.nanoTime() - started) / 1e9);
            return affiliates;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * After the bulk load and the chain's catch-up, until every processor reports caught up: near zero when every token
     * was moved to the head; a processor that was not (one the loader could not see) replays the load here, measured.
     */
    private Results.CatchUp catchUp(LedgerProcess ledger, EventLoader.Moved moved) throws Exception {
        RebuildScenario scenario = new RebuildScenario(ledger.port(), Duration.ofMillis(100));
        long started = System.nanoTime();
        try (HttpConnection http = new HttpConnection(ledger.port())) {
            long lastSaid = started;
            while (!scenario.allCaughtUp(http)) {
                if (System.nanoTime() - started > Duration.ofMinutes(30).toNanos()) {
                    throw new IllegalStateException("processors not caught up 30 min after the start: " + behind(http));
                }
                if (System.nanoTime() - lastSaid > Duration.ofSeconds(30).toNanos()) {
                    say("  still catching up: %s", behind(http));
                    lastSaid = System.nanoTime();
                }
                LedgerProcess.sleep(Duration.ofMillis(100));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        say("every processor caught up (%.1f s more after the chain's catch-up; %d moved to the head by the loader)", seconds,
                moved.processors().size());
        return new Results.CatchUp(moved.processors(), moved.head() - moved.before(), seconds);
    }

    /**
     * Before the ledger stops and the loader moves every token to the head: waits until every processor has processed
     * what the scenarios wrote, or the move would skip their last events (the balance tables would then miss what P's
     * replay writes, and the check that both agree would fail for the harness's reason, not the ledger's).
     */
    static void settle(LedgerProcess ledger) throws Exception {
        RebuildScenario scenario = new RebuildScenario(ledger.port(), Duration.ofMillis(50));
        long started = System.nanoTime();
        try (HttpConnection http = new HttpConnection(ledger.port())) {
            while (!scenario.allCaughtUp(http)) {
                if (System.nanoTime() - started > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("processors not caught up 5 min after the scenarios: " + behind(http));
                }
                LedgerProcess.sleep(Duration.ofMillis(50));
            }
        }
    }

    private static String behind(HttpConnection http) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode p : JSON.readTree(http.get("/admin/v1/projections", LedgerProcess.ADMIN_TOKEN).body())) {
            if (!p.path("caughtUp").asBoolean()) {
                names.add(p.path("name").asText() + " at " + p.path("position").asText() + "/" + p.path("head").asText());
            }
        }
        return String.join(", ", names);
    }

    private Results.Baseline baselines(BenchDatabase database) throws Exception {
        Baselines raw = new Baselines(database);
        raw.createScratchTable();
        say("baseline: raw JDBC single-row insert transactions");
        raw.singleRowInserts(settings.maxConcurrency(), settings.baselineWarmup());
        List<Results.Level> singleRow = new ArrayList<>();
        for (int clients : settings.concurrency()) {
            singleRow.add(level(clients, () -> raw.singleRowInserts(clients, settings.baselineRun())));
        }
        say("baseline: raw JDBC batched inserts, batches of %,d", Settings.BATCH);
        raw.batchedInserts(settings.batchedRows() / 4, Settings.BATCH);
        List<Double> batched = raw.batchedInsertRuns(settings.repeats(), settings.batchedRows(), Settings.BATCH);
        say("  %s rows/s", rates(batched));
        return new Results.Baseline(singleRow, batched, Settings.BATCH);
    }

    private Latency writes(LedgerProcess ledger, String key, String affiliateId, List<Results.Level> writes) {
        List<String> affiliates = new ArrayList<>(List.of(affiliateId));
        int wanted = Integer.getInteger("bench.writeAffiliates", 100);
        for (int i = 1; i < wanted; i++) {
            try {
                affiliates.add(activeAffiliate(ledger, key, i).path("id").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        WriteScenario scenario = new WriteScenario(ledger.port(), key, affiliates);
        say("W: POST /api/v1/conversions; warm-up %s", settings.writeWarmup());
        scenario.run(settings.maxConcurrency(), settings.writeWarmup());
        Histogram lag = Latency.newHistogram();
        for (int clients : settings.concurrency()) {
            boolean withLag = clients == settings.maxConcurrency();
            writes.add(level(clients, () -> {
                if (!withLag) {
                    return scenario.run(clients, settings.writeRun());
                }
                WriteScenario.RunWithLag run = scenario.runWithLag(clients, settings.writeRun());
                lag.add(run.lagMicros());
                return run.run();
            }));
        }
        Latency lagFigures = Latency.of(lag);
        say("L: projection lag under W at %d clients: p50 %.1f ms, p99 %.1f ms (%d probes)", settings.maxConcurrency(),
                lagFigures.p50Ms(), lagFigures.p99Ms(), lagFigures.count());
        return lagFigures;
    }

    private Results.Clicks clicks(LedgerProcess ledger, String key, String shortCode, Results.Baseline baseline) {
        ClickScenario scenario = new ClickScenario(ledger.port(), shortCode);
        String unavailable = scenario.unavailableReason(key);
        if (unavailable != null) {
            say("C: not available: %s", unavailable);
            return new Results.Clicks(unavailable, null);
        }
        int clients = settings.maxConcurrency();
        say("C: GET /r/%s at %d clients; warm-up %s", shortCode, clients, settings.writeWarmup());
        scenario.run(clients, settings.writeWarmup());
        Results.Level level = level(clients, () -> scenario.run(clients, settings.clickRun()));
        say("  raw single-row inserts at %d clients (same run): %,.0f/s", clients, baseline.atClients(clients).medianPerSecond());
        return new Results.Clicks(null, level);
    }

    /**
     * D alone ({@code -Dbench.webhooksOnly=true -Dtest=WebhookBenchmarkRun}): a fresh database and ledger, the webhook
     * scenario, then what one delivery costs in the store — events, attempt rows, history rows per delivered message
     * and endpoint — and the load average, printed (nothing is published).
     */
    void webhooksOnly() throws Exception {
        try (BenchDatabase database = BenchDatabase.start()) {
            Machine machine = Machine.describe(database);
            say("D alone; load average %s at the start", machine.loadAverageAtStart());
            try (LedgerProcess ledger = startLedger(database, new ArrayList<>(), 1)) {
                JsonNode merchant = onboard(ledger);
                String key = merchant.path("apiKey").path("key").asText();
                String affiliateId = activeAffiliate(ledger, key).path("id").asText();
                long eventsBefore = count(database, "SELECT count(*) FROM domainevententry");
                long commitsBefore = count(database, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
                long syncsBefore = walFlushes(database);
                deliveries(ledger, key, affiliateId);
                long commits = count(database, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                        - commitsBefore;
                long syncs = walFlushes(database) - syncsBefore;
                LedgerProcess.sleep(Duration.ofSeconds(3)); // the history index catches up
                long deliveries = count(database, "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'");
                long attempts = count(database, "SELECT count(*) FROM webhook_attempts");
                long attemptEvents = count(database,
                        "SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%.WebhookAttempt%'");
                long historyRows = count(database,
                        "SELECT count(*) FROM history_events WHERE resource_type = 'webhook_message'");
                long events = count(database, "SELECT count(*) FROM domainevententry") - eventsBefore;
                say("D costs: %,d deliveries delivered, %,d attempt rows, %,d attempt events (%.2f per delivery), %,d history rows "
                                + "of attempts; %,d events in all during D (the conversions' own included)", deliveries, attempts,
                        attemptEvents, deliveries == 0 ? 0 : (double) attemptEvents / deliveries, historyRows, events);
                say("D transactions: %,d commits (%.1f per delivery), %,d WAL flushes (%.2f per delivery), the writers' included",
                        commits, deliveries == 0 ? 0 : (double) commits / deliveries, syncs,
                        deliveries == 0 ? 0 : (double) syncs / deliveries);
            }
            say("load average %s at the end", Machine.loadAverage());
        }
    }

    private Results.Deliveries deliveries(LedgerProcess ledger, String key, String affiliateId) throws Exception {
        int endpoints = settings.webhookEndpoints();
        try (WebhookScenario scenario = new WebhookScenario(ledger.port(), key, affiliateId)) {
            say("D: baseline: plain HTTP client loop at %d threads to the local receiver", settings.webhookWorkers());
            scenario.baseline(settings.webhookWorkers(), settings.baselineWarmup(), endpoints);
            Results.Level plain = level(settings.webhookWorkers(), () -> scenario.baseline(settings.webhookWorkers(), settings.baselineRun(), endpoints));
            scenario.register(endpoints);
            say("D: %d endpoints for commission.created; warm-up", endpoints);
            scenario.rate(settings.maxConcurrency(), settings.writeWarmup().dividedBy(3), endpoints);
            List<WebhookScenario.Rate> rates = new ArrayList<>();
            for (int i = 0; i < settings.repeats(); i++) {
                WebhookScenario.Rate rate = scenario.rate(settings.maxConcurrency(), settings.webhookWrites(), endpoints);
                rates.add(rate);
                say("  %,d deliveries: %,.0f/s while %d writers ran; backlog %,d drained at %,.0f/s in %.1f s", rate.deliveries(),
                        rate.underLoadPerSecond(), settings.maxConcurrency(), rate.backlogAtStop(), rate.drainPerSecond(), rate.drainSeconds());
            }
            Histogram all = Latency.newHistogram();
            List<Double> roundP50 = new ArrayList<>();
            for (int i = 0; i < settings.repeats(); i++) {
                roundP50.add(add(all, scenario.latency(settings.webhookLatencyRun(), settings.webhookPace(), endpoints)));
            }
            Latency first = Latency.of(all);
            say("  first attempt after commit (one conversion every %s): p50 %.1f ms, p99 %.1f ms (%d deliveries)",
                    settings.webhookPace(), first.p50Ms(), first.p99Ms(), first.count());
            return new Results.Deliveries(endpoints, settings.webhookWorkers(), rates, roundP50, first, plain, scenario.duplicates());
        }
    }

    private Results.Rebuild rebuilds(BenchDatabase database, LedgerProcess ledger) throws Exception {
        long events = count(database, "SELECT count(*) FROM domainevententry");
        RebuildScenario scenario = new RebuildScenario(ledger.port(), Duration.ofMillis(settings.mode().equals("full") ? 250 : 50));
        List<Double> seconds = new ArrayList<>();
        for (int i = 1; i <= settings.rebuilds(); i++) {
            double took = scenario.rebuild();
            seconds.add(took);
            say("P: rebuild %d of %,d events in %.1f s: %,.0f events/s (%s)", i, events, took, events / took,
                    String.join(", ", scenario.rebuilt()));
        }
        return new Results.Rebuild(events, seconds, List.copyOf(scenario.rebuilt()));
    }

    private Results.Reads reads(BenchDatabase database, LedgerProcess ledger, String key, String merchantId) throws Exception {
        ReadScenario scenario = new ReadScenario(ledger.port(), key);
        int depth = settings.readDepth();
        String first = ReadScenario.firstPage();
        String cursor = ReadScenario.cursorPage(database, merchantId, depth);
        String offset = ReadScenario.offsetPage(depth);
        say("R: GET /api/v1/conversions?limit=100, first page vs %,d rows deep", depth);
        scenario.measure(first, settings.readRequests() / 4 + 1);
        scenario.measure(cursor, settings.readRequests() / 4 + 1);
        scenario.measure(offset, 2);
        List<Histogram> rounds = new ArrayList<>();
        Histogram firstAll = Latency.newHistogram();
        Histogram cursorAll = Latency.newHistogram();
        Histogram offsetAll = Latency.newHistogram();
        List<Double> firstP50 = new ArrayList<>();
        List<Double> cursorP50 = new ArrayList<>();
        List<Double> offsetP50 = new ArrayList<>();
        for (int round = 0; round < settings.repeats(); round++) {
            firstP50.add(add(firstAll, scenario.measure(first, settings.readRequests())));
            cursorP50.add(add(cursorAll, scenario.measure(cursor, settings.readRequests())));
            offsetP50.add(add(offsetAll, scenario.measure(offset, settings.offsetRequests())));
        }
        Results.Reads reads = new Results.Reads(depth, count(database, "SELECT count(*) FROM conversions"),
                new Results.ReadFigure(first, firstP50, Latency.of(firstAll)),
                new Results.ReadFigure(cursor, cursorP50, Latency.of(cursorAll)),
                new Results.ReadFigure(offset, offsetP50, Latency.of(offsetAll)));
        say("  p50: first page %.2f ms, cursor %.2f ms, page=%d %.2f ms", reads.firstPage().medianP50Ms(),
                reads.cursorPage().medianP50Ms(), depth / Settings.PAGE, reads.offsetPage().medianP50Ms());
        return reads;
    }

    private static double add(Histogram all, Histogram round) {
        all.add(round);
        return Latency.of(round).p50Ms();
    }

    private LedgerProcess startLedger(BenchDatabase database, List<Results.Startup> startups, int number) throws Exception {
        long events = count(database, "SELECT count(*) FROM pg_class WHERE relname = 'domainevententry'") == 0
                ? 0 : count(database, "SELECT count(*) FROM domainevententry");
        Path log = database.directory().resolve("ledger-" + number + ".log");
        LedgerProcess ledger = LedgerProcess.start(jar, database.jdbcUrl(BenchDatabase.LEDGER), database.user(), log,
                ledgerEnvironment, ledgerJvmOptions);
        LedgerProcess.sleep(settings.idleSettle());
        long rss = ledger.residentBytes();
        startups.add(new Results.Startup(ledger.startSeconds(), rss, events));
        say("S: ledger %d answered after %.2f s on %,d events; idle RSS %,d MB", number, ledger.startSeconds(), events, rss >> 20);
        return ledger;
    }

    private static JsonNode onboard(LedgerProcess ledger) throws Exception {
        try (HttpConnection http = new HttpConnection(ledger.port())) {
            HttpConnection.Response created = http.post("/admin/v1/merchants", LedgerProcess.ADMIN_TOKEN, "{\"name\":\"Bench SaaS\"}");
            if (created.status() != 201) {
                throw new IllegalStateException("onboarding answered " + created.status() + ": " + created.text());
            }
            return JSON.readTree(created.body());
        }
    }

    private static JsonNode activeAffiliate(LedgerProcess ledger, String key) throws Exception {
        return activeAffiliate(ledger, key, 0);
    }

    private static JsonNode activeAffiliate(LedgerProcess ledger, String key, int n) throws Exception {
        try (HttpConnection http = new HttpConnection(ledger.port())) {
            String suffix = n == 0 ? "" : "-" + n;
            HttpConnection.Response created = http.post("/api/v1/affiliates", key,
                    "{\"name\":\"Bench Affiliate" + suffix + "\",\"email\":\"bench" + suffix + "@example.com\",\"status\":\"active\"}");
            if (created.status() != 201) {
                throw new IllegalStateException("affiliate creation answered " + created.status() + ": " + created.text());
            }
            return JSON.readTree(created.body());
        }
    }

    private Results.Level level(int clients, java.util.function.Supplier<ClosedLoop.Run> measurement) {
        List<Results.RunFigures> runs = new ArrayList<>();
        Histogram all = Latency.newHistogram();
        for (int i = 0; i < settings.repeats(); i++) {
            ClosedLoop.Run run = measurement.get();
            runs.add(Results.RunFigures.of(run));
            all.add(run.micros());
        }
        Results.Level level = new Results.Level(clients, runs, Latency.of(all));
        say("  %2d clients: %s /s, p50 %.2f ms, p99 %.2f ms", clients,
                rates(runs.stream().map(Results.RunFigures::perSecond).toList()), level.all().p50Ms(), level.all().p99Ms());
        return level;
    }

    /** WAL fsyncs so far: {@code pg_stat_wal.wal_sync} before PostgreSQL 18, the WAL rows of {@code pg_stat_io} from 18. */
    private static long walFlushes(BenchDatabase database) throws Exception {
        try {
            return count(database, "SELECT coalesce(sum(fsyncs), 0)::bigint FROM pg_stat_io WHERE object = 'wal'");
        } catch (java.sql.SQLException before18) {
            return count(database, "SELECT wal_sync FROM pg_stat_wal");
        }
    }

    private static long count(BenchDatabase database, String sql) throws Exception {
        try (Connection c = database.connect(BenchDatabase.LEDGER); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String rates(List<Double> rates) {
        return String.join(" / ", rates.stream().map(r -> String.format("%,.0f", r)).toList());
    }

    static void say(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
        System.out.flush();
    }

    static boolean exists(Path path) {
        return Files.isRegularFile(path);
    }
}
