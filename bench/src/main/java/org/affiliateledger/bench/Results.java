package org.affiliateledger.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** Every raw figure of one run; BENCHMARKS.json is this record, BENCHMARKS.md is written from it. */
record Results(String date,
               String command,
               Settings settings,
               Machine machine,
               Map<String, String> ledgerEnvironment,
               List<String> ledgerJvmOptions,
               Baseline baseline,
               List<Startup> startups,
               List<Level> writes,
               Latency lag,
               EventLoader.Loaded bulkLoad,
               Rebuild rebuild,
               Reads reads,
               Deliveries deliveries,
               Clicks clicks,
               String loadAverageAtEnd,
               double totalSeconds,
               AuditResults audit,
               CatchUp catchUp,
               FinanceResults finance,
               List<ReadFigure> dashboard) {

    /**
     * After the bulk load: the processors whose tokens the loader moved to the head (all of {@code tokenentry}), the
     * events loaded, and how long the restarted ledger still took until every processor reported caught up.
     */
    record CatchUp(List<String> processors, long events, double seconds) {
    }

    /** One timed run: its rate and latencies. */
    record RunFigures(double perSecond, long operations, long errors, Latency latency) {
        static RunFigures of(ClosedLoop.Run run) {
            return new RunFigures(run.perSecond(), run.operations(), run.errors(), run.latency());
        }
    }

    /** Repeated runs at one concurrency; {@code all} merges their histograms. */
    record Level(int clients, List<RunFigures> runs, Latency all) {
        @JsonProperty
        double medianPerSecond() {
            return Stats.median(runs.stream().map(RunFigures::perSecond).toList());
        }
    }

    record Baseline(List<Level> singleRowInserts, List<Double> batchedRowsPerSecond, int batchSize) {
        @JsonProperty
        double medianBatchedRowsPerSecond() {
            return Stats.median(batchedRowsPerSecond);
        }

        Level atClients(int clients) {
            return singleRowInserts.stream().filter(level -> level.clients() == clients).findFirst().orElseThrow();
        }
    }

    /** @param eventsInStore how many events the ledger started on */
    record Startup(double seconds, long idleRssBytes, long eventsInStore) {
    }

    /** @param processors the processors each rebuild reset and replayed */
    record Rebuild(long events, List<Double> seconds, List<String> processors) {
        @JsonProperty
        List<Double> eventsPerSecond() {
            return seconds.stream().map(s -> events / s).toList();
        }

        @JsonProperty
        double medianEventsPerSecond() {
            return Stats.median(eventsPerSecond());
        }
    }

    /** @param roundP50Ms the median latency of each round of requests */
    record ReadFigure(String path, List<Double> roundP50Ms, Latency all) {
        @JsonProperty
        double medianP50Ms() {
            return Stats.median(roundP50Ms);
        }
    }

    record Reads(int depth, long conversions, ReadFigure firstPage, ReadFigure cursorPage, ReadFigure offsetPage) {
    }

    /**
     * D. @param rates one per run (writers build a backlog, then it drains); @param firstAttempt latency from the
     * conversion's 201 to the first arrival of each delivery, all rounds; @param baseline the plain client loop
     */
    record Deliveries(int endpoints, int workers, List<WebhookScenario.Rate> rates, List<Double> latencyRoundP50Ms,
                      Latency firstAttempt, Level baseline, long duplicates) {
        @JsonProperty
        double medianDrainPerSecond() {
            return Stats.median(rates.stream().map(WebhookScenario.Rate::drainPerSecond).toList());
        }

        @JsonProperty
        double medianUnderLoadPerSecond() {
            return Stats.median(rates.stream().map(WebhookScenario.Rate::underLoadPerSecond).toList());
        }
    }

    /** C: {@code level} is null when the click endpoint is not in the build ({@code unavailable} says why). */
    record Clicks(String unavailable, Level level) {
    }

    Level writesAt(int clients) {
        return writes.stream().filter(level -> level.clients() == clients).findFirst().orElseThrow();
    }
}
