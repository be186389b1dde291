package org.affiliateledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Writes BENCHMARKS.md (tables, machine, date, method, tuning notes) and BENCHMARKS.json (every raw figure). */
final class Report {
    private final Results r;
    private final StringBuilder md = new StringBuilder();

    private Report(Results results) {
        this.r = results;
    }

    static void write(Results results, Path markdown, Path json, Path tuningNotes) throws IOException {
        Files.createDirectories(markdown.toAbsolutePath().getParent());
        new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        String notes = tuningNotes != null && Files.isRegularFile(tuningNotes) ? Files.readString(tuningNotes) : "";
        Files.writeString(markdown, new Report(results).markdown(json.getFileName().toString(), notes));
    }

    static final String LATEST_START = "<!-- bench:latest-run (written by the bench harness from BENCHMARKS.json; do not edit) -->";
    static final String LATEST_END = "<!-- /bench:latest-run -->";

    /** The README's "Latest full run" paragraph, from this run's figures. */
    static String latestRun(Results r) {
        int top = r.settings().maxConcurrency();
        Results.Level w = r.writesAt(top);
        double writeRatio = Stats.ratio(w.medianPerSecond(), r.baseline().atClients(top).medianPerSecond());
        double startSeconds = Stats.median(r.startups().stream().map(Results.Startup::seconds).toList());
        double idleRssMb = Stats.median(r.startups().stream().map(s -> s.idleRssBytes() / 1048576.0).toList());
        Results.Deliveries d = r.deliveries();
        String clicks = r.clicks().level() == null ? "C not available"
                : String.format(Locale.ROOT, "C %s click redirects/s, p99 %s ms", n(r.clicks().level().medianPerSecond()),
                ms(r.clicks().level().all().p99Ms()));
        String text = String.format(Locale.ROOT, "Latest full run ([BENCHMARKS.md](BENCHMARKS.md), %s, %d cores, PostgreSQL %s with fsync on, "
                        + "load average %s at the start, %s events in the store): W %s conversions/s at %d clients, p99 %s ms (%.3f × raw "
                        + "single-row inserts: %s); R deep cursor page %s ms vs first page %s ms; P %s events/s (%s); L p99 %s ms (%s); "
                        + "D %s deliveries/s, first attempt p50 %s ms (%s); %s; S %s s, %.0f MB (%s); H chain cost %.1f %% of W; %s.",
                r.date().substring(0, 10), r.machine().cores(), r.machine().postgres().split(" ")[0], r.machine().loadAverageAtStart(),
                n(r.rebuild().events()), n(w.medianPerSecond()), top, ms(w.all().p99Ms()), writeRatio,
                verdict(writeRatio >= Targets.WRITE_RATIO && w.all().p99Ms() <= Targets.WRITE_P99_MS),
                ms(r.reads().cursorPage().medianP50Ms()), ms(r.reads().firstPage().medianP50Ms()), n(r.rebuild().medianEventsPerSecond()),
                verdict(r.rebuild().medianEventsPerSecond() >= Targets.REBUILD_EVENTS_PER_SECOND), ms(r.lag().p99Ms()),
                verdict(r.lag().p99Ms() <= Targets.LAG_P99_MS), n(d.medianDrainPerSecond()), ms(d.firstAttempt().p50Ms()),
                verdict(d.medianDrainPerSecond() >= Targets.DELIVERIES_PER_SECOND), clicks, String.format(Locale.ROOT, "%.1f", startSeconds),
                idleRssMb, verdict(startSeconds <= Targets.START_SECONDS), 100 * r.audit().chainCost().cost(), FinanceReport.latest(r));
        return wrap(text, 118);
    }

    /** {@code readme} with the text between the latest-run markers replaced by {@code paragraph}; unchanged without markers. */
    static String withLatestRun(String readme, String paragraph) {
        int start = readme.indexOf(LATEST_START);
        int end = readme.indexOf(LATEST_END);
        if (start < 0 || end < start) {
            return readme;
        }
        return readme.substring(0, start + LATEST_START.length()) + "\n" + paragraph + readme.substring(end);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String word : text.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > width) {
                out.append('\n');
                lineLength = 0;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.append('\n').toString();
    }

    private String markdown(String jsonName, String notes) {
        int top = r.settings().maxConcurrency();
        Results.Level writeTop = r.writesAt(top);
        Results.Level rawTop = r.baseline().atClients(top);
        double writeRatio = Stats.ratio(writeTop.medianPerSecond(), rawTop.medianPerSecond());
        double cursorRatio = Stats.ratio(r.reads().cursorPage().medianP50Ms(), r.reads().firstPage().medianP50Ms());
        double offsetRatio = Stats.ratio(r.reads().offsetPage().medianP50Ms(), r.reads().firstPage().medianP50Ms());
        double rebuildRate = r.rebuild().medianEventsPerSecond();
        double startSeconds = Stats.median(r.startups().stream().map(Results.Startup::seconds).toList());
        double idleRssMb = Stats.median(r.startups().stream().map(s -> s.idleRssBytes() / 1048576.0).toList());

        line("# Benchmarks");
        line("");
        line("Generated by the bench harness (`bench/`) on %s, %s mode, in %.0f s. Raw figures: [`%s`](%s).",
                r.date(), r.settings().mode(), r.totalSeconds(), jsonName, jsonName);
        line("Reproduce with one command from the repository root:");
        line("");
        line("```bash");
        line("%s", r.command());
        line("```");
        line("");
        line("**Machine**: %s, %d cores, %.1f GB RAM; %s; %s; PostgreSQL %s (embedded, `%s`). Load average %s at the start, %s at the end "
                        + "(the machine is shared: every figure and its baseline come from the same run, so they saw the same neighbours).",
                r.machine().cpu(), r.machine().cores(), r.machine().memoryBytes() / 1e9, r.machine().os(), r.machine().java(),
                r.machine().postgres(), settings(), r.machine().loadAverageAtStart(), r.loadAverageAtEnd());
        line("Ledger started as `java %sjar infra/target/affiliate-ledger.jar`%s.",
                r.ledgerJvmOptions().isEmpty() ? "-" : String.join(" ", r.ledgerJvmOptions()) + " -",
                r.ledgerEnvironment().isEmpty() ? " with default settings" : " with " + r.ledgerEnvironment());
        line("");
        line("## Summary");
        line("");
        line("| | scenario | figure | baseline, same run | ratio | target | |");
        line("|---|---|---|---|---|---|---|");
        for (int clients : r.settings().concurrency()) {
            Results.Level w = r.writesAt(clients);
            Results.Level raw = r.baseline().atClients(clients);
            boolean isTop = clients == top;
            line("| W | POST /api/v1/conversions, %d client%s | %s/s, p50 %s ms, p99 %s ms | raw single-row insert: %s/s, p99 %s ms | %.3f | %s | %s |",
                    clients, clients == 1 ? "" : "s", n(w.medianPerSecond()), ms(w.all().p50Ms()), ms(w.all().p99Ms()),
                    n(raw.medianPerSecond()), ms(raw.all().p99Ms()), Stats.ratio(w.medianPerSecond(), raw.medianPerSecond()),
                    isTop ? "≥ 0.10 ×, p99 ≤ 50 ms" : "—",
                    isTop ? Targets.verdict(writeRatio >= Targets.WRITE_RATIO && writeTop.all().p99Ms() <= Targets.WRITE_P99_MS) : "");
        }
        line("| R | GET /api/v1/conversions?limit=100, cursor %s rows deep | p50 %s ms | first page: p50 %s ms | %.2f | ≤ 1.5 × | %s |",
                n(r.reads().depth()), ms(r.reads().cursorPage().medianP50Ms()), ms(r.reads().firstPage().medianP50Ms()),
                cursorRatio, Targets.verdict(cursorRatio <= Targets.CURSOR_RATIO));
        line("| R | GET /api/v1/conversions?limit=100&page=%d | p50 %s ms | first page: p50 %s ms | %.1f | — | |",
                r.reads().depth() / Settings.PAGE, ms(r.reads().offsetPage().medianP50Ms()), ms(r.reads().firstPage().medianP50Ms()), offsetRatio);
        line("| P | full rebuild of the read models from %s events | %s events/s | raw batched inserts: %s rows/s | %.3f | ≥ 20,000 events/s | %s |",
                n(r.rebuild().events()), n(rebuildRate), n(r.baseline().medianBatchedRowsPerSecond()),
                Stats.ratio(rebuildRate, r.baseline().medianBatchedRowsPerSecond()), Targets.verdict(rebuildRate >= Targets.REBUILD_EVENTS_PER_SECOND));
        line("| L | projection lag under W at %d clients (201 received → GET shows it) | p50 %s ms, p99 %s ms | — | — | p99 ≤ 500 ms | %s |",
                top, ms(r.lag().p50Ms()), ms(r.lag().p99Ms()), Targets.verdict(r.lag().count() > 0 && r.lag().p99Ms() <= Targets.LAG_P99_MS));
        Results.Deliveries d = r.deliveries();
        line("| D | webhook deliveries to a local receiver (%d endpoints, %d workers), backlog drain | %s/s (%s/s while writes ran) | plain HTTP client loop, %d threads: %s/s | %.3f | ≥ 1,000/s | %s |",
                d.endpoints(), d.workers(), n(d.medianDrainPerSecond()), n(d.medianUnderLoadPerSecond()), d.workers(),
                n(d.baseline().medianPerSecond()), Stats.ratio(d.medianDrainPerSecond(), d.baseline().medianPerSecond()),
                Targets.verdict(d.medianDrainPerSecond() >= Targets.DELIVERIES_PER_SECOND));
        line("| D | first-attempt latency after commit (201 → receiver) | p50 %s ms, p99 %s ms | plain client loop: p50 %s ms, p99 %s ms | — | — | |",
                ms(d.firstAttempt().p50Ms()), ms(d.firstAttempt().p99Ms()), ms(d.baseline().all().p50Ms()), ms(d.baseline().all().p99Ms()));
        Results.Clicks c = r.clicks();
        if (c.level() == null) {
            line("| C | GET /r/{shortCode} click redirects, %d clients | not available: %s | | | | |", top, c.unavailable());
        } else {
            line("| C | GET /r/{shortCode} click redirects, %d clients | %s/s, p50 %s ms, p99 %s ms | raw single-row insert: %s/s | %.3f | — | |",
                    top, n(c.level().medianPerSecond()), ms(c.level().all().p50Ms()), ms(c.level().all().p99Ms()),
                    n(rawTop.medianPerSecond()), Stats.ratio(c.level().medianPerSecond(), rawTop.medianPerSecond()));
        }
        line("| S | start-up to first successful request; idle resident memory | %.2f s; %.0f MB RSS | — | — | ≤ 10 s | %s |",
                startSeconds, idleRssMb, Targets.verdict(startSeconds <= Targets.START_SECONDS));
        md.append(AuditReport.summary(r));
        md.append(FinanceReport.summary(r));
        line("");
        line("Every figure is the median of %d runs (S: %d starts); latency percentiles come from HdrHistogram over all runs' requests.",
                r.settings().repeats(), r.startups().size());
        details();
        method();
        if (!notes.isBlank()) {
            line("");
            md.append(notes.strip()).append('\n');
        }
        return md.toString();
    }

    private void details() {
        line("");
        line("## Details");
        line("");
        line("### W — writes over HTTP vs raw single-row insert transactions");
        line("");
        line("Each write is a new conversion (new `external_id`) of 4,900 cents for the next of %d active affiliates in turn "
                + "(`-Dbench.writeAffiliates`): a program's traffic is spread over its affiliates, while one affiliate's "
                + "conversions serialise on its referred-revenue row (performance tiers) — see the tuning notes.",
                Integer.getInteger("bench.writeAffiliates", 100));
        line("");
        line("| clients | ledger runs (/s) | ledger p50 / p90 / p99 / max (ms) | raw insert runs (/s) | raw p50 / p99 (ms) | ratio |");
        line("|---|---|---|---|---|---|");
        for (int clients : r.settings().concurrency()) {
            Results.Level w = r.writesAt(clients);
            Results.Level raw = r.baseline().atClients(clients);
            line("| %d | %s | %s / %s / %s / %s | %s | %s / %s | %.3f |", clients, runs(w), ms(w.all().p50Ms()), ms(w.all().p90Ms()),
                    ms(w.all().p99Ms()), ms(w.all().maxMs()), runs(raw), ms(raw.all().p50Ms()), ms(raw.all().p99Ms()),
                    Stats.ratio(w.medianPerSecond(), raw.medianPerSecond()));
        }
        long errors = r.writes().stream().flatMap(l -> l.runs().stream()).mapToLong(Results.RunFigures::errors).sum();
        line("");
        line("Each write is a new conversion with a new `external_id` (so the uniqueness claim is part of it): the ledger loads the "
                + "Merchant and Affiliate aggregates, claims the id and appends ConversionRecorded + CommissionCreated in one transaction. "
                + "Failed requests during the measured runs: %d.", errors);
        line("");
        line("### L — projection lag");
        line("");
        line("While W ran at %d clients, a probe recorded a conversion and, from the moment its 201 arrived, polled "
                + "`GET /api/v1/conversions/{id}` every millisecond until it answered 200: %d probes, p50 %s ms, p90 %s ms, p99 %s ms, max %s ms.",
                r.settings().maxConcurrency(), r.lag().count(), ms(r.lag().p50Ms()), ms(r.lag().p90Ms()), ms(r.lag().p99Ms()), ms(r.lag().maxMs()));
        line("");
        line("### P — rebuild");
        line("");
        line("%s conversions (%s events) were written straight into the event store in the ledger's own row format at %s events/s "
                        + "(JDBC batches of %s, %d connections). Each rebuild empties every read model and replays all %s events "
                        + "(processors reset: %s); timed from the request until `GET /admin/v1/projections` reports every processor caught up.",
                n(r.bulkLoad().conversions()), n(r.bulkLoad().events()), n(r.bulkLoad().eventsPerSecond()), n(Settings.BATCH),
                r.settings().bulkThreads(), n(r.rebuild().events()), String.join(", ", r.rebuild().processors()));
        line("");
        line("| rebuild | seconds | events/s |");
        line("|---|---|---|");
        for (int i = 0; i < r.rebuild().seconds().size(); i++) {
            line("| %d | %.1f | %s |", i + 1, r.rebuild().seconds().get(i), n(r.rebuild().eventsPerSecond().get(i)));
        }
        line("");
        line("Raw batched inserts (one connection, batches of %s, one transaction each, 200-byte rows): %s rows/s.",
                n(r.baseline().batchSize()), String.join(" / ", r.baseline().batchedRowsPerSecond().stream().map(Report::n).toList()));
        line("");
        line("### R — reads");
        line("");
        line("%s conversions in the read model, one client. The deep cursor is the `next_cursor` the API hands out after %s rows "
                + "(built from that row's id in the same opaque format rather than by walking %s pages).",
                n(r.reads().conversions()), n(r.reads().depth()), n(r.reads().depth() / Settings.PAGE));
        line("");
        line("| request | p50 per round (ms) | p50 / p99 / max over all (ms) | requests |");
        line("|---|---|---|---|");
        read("first page", r.reads().firstPage());
        read("cursor " + n(r.reads().depth()) + " rows deep", r.reads().cursorPage());
        read("`page=" + r.reads().depth() / Settings.PAGE + "`", r.reads().offsetPage());
        line("");
        Results.Deliveries d = r.deliveries();
        line("### D — webhook deliveries");
        line("");
        line("A receiver inside the bench process (JDK `HttpServer`, answers 200 at once) behind %d endpoints subscribed to "
                + "`commission.created`, so each conversion is %d deliveries; the ledger delivers with %d workers (`LEDGER_WEBHOOKS_THREADS`). "
                + "Each run: %d writers record conversions for %s (a backlog builds), then stop; the rate is how fast the remaining "
                + "backlog drained (the dispatcher alone, as the baseline runs alone). Duplicate arrivals (same `webhook-id` and endpoint): %d.",
                d.endpoints(), d.endpoints(), d.workers(), r.settings().maxConcurrency(), d(r.settings().webhookWrites()), d.duplicates());
        line("");
        line("| run | deliveries | /s while writes ran | backlog at stop | drained in (s) | drain /s |");
        line("|---|---|---|---|---|---|");
        for (int i = 0; i < d.rates().size(); i++) {
            WebhookScenario.Rate rate = d.rates().get(i);
            line("| %d | %s | %s | %s | %.1f | %s |", i + 1, n(rate.deliveries()), n(rate.underLoadPerSecond()), n(rate.backlogAtStop()),
                    rate.drainSeconds(), n(rate.drainPerSecond()));
        }
        line("");
        line("Baseline: %d threads sharing one pooled Apache HttpClient 5 (the library the ledger delivers with) post a body of the same "
                + "size to the same receiver back to back: %s/s (runs %s), p50 %s ms, p99 %s ms.", d.workers(),
                n(d.baseline().medianPerSecond()), runs(d.baseline()), ms(d.baseline().all().p50Ms()), ms(d.baseline().all().p99Ms()));
        line("");
        line("First-attempt latency: one writer records a conversion every %s; from its 201 to the first arrival of each of its "
                + "deliveries: p50 per round %s ms; over all %d deliveries p50 %s, p90 %s, p99 %s, max %s ms.",
                d(r.settings().webhookPace()), String.join(" / ", d.latencyRoundP50Ms().stream().map(Report::ms).toList()),
                d.firstAttempt().count(), ms(d.firstAttempt().p50Ms()), ms(d.firstAttempt().p90Ms()), ms(d.firstAttempt().p99Ms()),
                ms(d.firstAttempt().maxMs()));
        line("");
        line("### C — click redirects");
        line("");
        Results.Clicks c = r.clicks();
        if (c.level() == null) {
            line("Not measured: %s.", c.unavailable());
        } else {
            Results.Level raw = r.baseline().atClients(c.level().clients());
            line("`GET /r/{shortCode}` without a key at %d clients, redirect not followed: runs %s /s, p50 / p90 / p99 / max %s / %s / %s / %s ms; "
                            + "raw single-row insert transactions at the same concurrency (same run): %s /s.",
                    c.level().clients(), runs(c.level()), ms(c.level().all().p50Ms()), ms(c.level().all().p90Ms()),
                    ms(c.level().all().p99Ms()), ms(c.level().all().maxMs()), runs(raw));
        }
        line("");
        line("### S — start-up and memory");
        line("");
        line("| start | events in the store | seconds to the first 200 | idle RSS (MB) |");
        line("|---|---|---|---|");
        for (int i = 0; i < r.startups().size(); i++) {
            Results.Startup s = r.startups().get(i);
            line("| %d | %s | %.2f | %.0f |", i + 1, n(s.eventsInStore()), s.seconds(), s.idleRssBytes() / 1048576.0);
        }
        line("");
        line("From `ProcessBuilder.start()` of `java -jar` until an authenticated `GET /admin/v1/projections` answered 200 (polled "
                + "every 20 ms); idle RSS is VmRSS from /proc/<pid>/status %s later, JVM defaults (no -Xmx).", d(r.settings().idleSettle()));
        md.append(AuditReport.details(r));
        md.append(FinanceReport.details(r));
    }

    private void method() {
        line("");
        line("## How it is measured");
        line("");
        line("- One PostgreSQL per run, started by the ledger's own embedded launcher on a fresh cluster (fsync and synchronous_commit on). "
                + "The baselines use a `baseline` database on it; the ledger its own `ledger` database, reached through `LEDGER_DB_URL`.");
        line("- The ledger runs as a separate process, exactly as shipped (`java -jar infra/target/affiliate-ledger.jar`), configured only "
                + "through its environment; rate limits are raised out of the way (`LEDGER_RATE_LIMIT_*_PER_MINUTE=100000000`).");
        line("- Load comes from closed-loop clients on the same machine (each waits for its answer before the next request), each on one "
                + "keep-alive HTTP/1.1 connection through a minimal blocking client, so the load generator takes little CPU from the server.");
        line("- Warm-up before every measured scenario (%s for W, %s for the baselines, a reduced round for R), then %d measured runs per figure; "
                + "figures are medians of runs, latency percentiles come from HdrHistogram.",
                d(r.settings().writeWarmup()), d(r.settings().baselineWarmup()), r.settings().repeats());
        line("- Baselines: single-row `INSERT` transactions (autocommit, one connection per client) into a scratch table at the same "
                + "concurrency as W; batched inserts through one connection for P.");
        line("- Run length: W %s per run, baselines %s per run; %s batched rows per baseline run.",
                d(r.settings().writeRun()), d(r.settings().baselineRun()), n(r.settings().batchedRows()));
    }

    private void read(String name, Results.ReadFigure figure) {
        line("| %s | %s | %s / %s / %s | %d |", name,
                String.join(" / ", figure.roundP50Ms().stream().map(Report::ms).toList()),
                ms(figure.all().p50Ms()), ms(figure.all().p99Ms()), ms(figure.all().maxMs()), figure.all().count());
    }

    private String settings() {
        return String.join(", ", r.machine().postgresSettings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static String runs(Results.Level level) {
        List<String> rates = level.runs().stream().map(run -> n(run.perSecond())).toList();
        return String.join(" / ", rates);
    }

    private static String d(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String n(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
