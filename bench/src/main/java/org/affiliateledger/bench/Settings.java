package org.affiliateledger.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much load a run applies. {@link #full()} is the published run; {@link #smoke()} runs every scenario with tiny
 * numbers so CI proves the harness still works (its figures mean nothing).
 *
 * @param repeats          runs per measured figure (the figure is their median)
 * @param bulkConversions  conversions written straight into the event store for P and R (two events each);
 *                         {@code -Dbench.bulkConversions} changes it for an experiment (the published run keeps 1,000,000)
 * @param loadAffiliates   affiliates the loaded conversions are spread over (created over HTTP before the load; issue
 *                         14 asks for 10,000); {@code -Dbench.loadAffiliates} changes it
 * @param readDepth        how deep the R cursor and offset pages reach
 * @param webhookEndpoints endpoints subscribed to commission.created (deliveries per conversion); their number times
 *                         LEDGER_WEBHOOKS_PER_ENDPOINT (2) equals the ledger's delivery workers
 * @param webhookWorkers   the ledger's delivery workers (LEDGER_WEBHOOKS_THREADS), the baseline's concurrency
 * @param webhookWrites    how long writers build the backlog that D's rate drains
 * @param webhookPace      one conversion this often while first-attempt latency is measured
 */
record Settings(String mode,
                List<Integer> concurrency,
                int repeats,
                Duration baselineWarmup,
                Duration baselineRun,
                int batchedRows,
                int startups,
                Duration idleSettle,
                Duration writeWarmup,
                Duration writeRun,
                int bulkConversions,
                int bulkThreads,
                int loadAffiliates,
                int rebuilds,
                int readDepth,
                int readRequests,
                int offsetRequests,
                int webhookEndpoints,
                int webhookWorkers,
                Duration webhookWrites,
                Duration webhookLatencyRun,
                Duration webhookPace,
                Duration clickRun) {

    static final int BATCH = 1_000;
    static final int PAGE = 100;

    static Settings full() {
        int bulk = Integer.getInteger("bench.bulkConversions", 1_000_000);
        return new Settings("full", List.of(1, 8, 32), 3,
                Duration.ofSeconds(3), Duration.ofSeconds(5), 200_000,
                3, Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofSeconds(10),
                bulk, 2, Integer.getInteger("bench.loadAffiliates", 10_000), 3,
                bulk, 200, 10, // R's and H's deep pages reach as deep as the load
                8, 16, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(50),
                Duration.ofSeconds(10));
    }

    /**
     * F and U alone at the published store size ({@code -Dbench.scale=true -Dtest=ScaleBenchmarkRun}): the full run's
     * store (1M conversions, 2M events, 10,000 affiliates) and request counts, one rebuild.
     */
    static Settings scale() {
        Settings full = full();
        return new Settings("scale", full.concurrency(), full.repeats(), full.baselineWarmup(), full.baselineRun(),
                full.batchedRows(), 2, full.idleSettle(), full.writeWarmup(), full.writeRun(), full.bulkConversions(),
                full.bulkThreads(), full.loadAffiliates(), 1, full.readDepth(), full.readRequests(), full.offsetRequests(),
                full.webhookEndpoints(), full.webhookWorkers(), full.webhookWrites(), full.webhookLatencyRun(),
                full.webhookPace(), full.clickRun());
    }

    /** For tuning experiments (a few minutes): only the top concurrency, a smaller store. Never published. */
    static Settings quick() {
        return new Settings("quick", List.of(32), 2,
                Duration.ofSeconds(2), Duration.ofSeconds(4), 100_000,
                2, Duration.ofSeconds(3),
                Duration.ofSeconds(8), Duration.ofSeconds(6),
                Integer.getInteger("bench.bulkConversions", 150_000), 2, Integer.getInteger("bench.loadAffiliates", 1_000),
                Integer.getInteger("bench.rebuilds", 2),
                100_000, 100, 5,
                8, 16, Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofMillis(50),
                Duration.ofSeconds(5));
    }

    static Settings smoke() {
        return new Settings("smoke", List.of(1, 2, 4), 2,
                Duration.ofMillis(200), Duration.ofMillis(300), 2_000,
                2, Duration.ofMillis(200),
                Duration.ofMillis(500), Duration.ofMillis(400),
                2_500, 2, 20, 1,
                2_000, 10, 3,
                2, 4, Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(50),
                Duration.ofMillis(300));
    }

    int maxConcurrency() {
        return concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
    }
}
