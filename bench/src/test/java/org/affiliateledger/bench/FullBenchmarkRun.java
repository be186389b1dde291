package org.affiliateledger.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The published run: {@value Benchmark#FULL_COMMAND} (about 15 minutes on 2 cores). Writes BENCHMARKS.md and
 * BENCHMARKS.json at the repository root. Not part of the normal build: it runs only with {@code -Dbench.full=true}.
 */
class FullBenchmarkRun {

    @Test
    @EnabledIfSystemProperty(named = "bench.full", matches = "true")
    void measuresEveryScenarioAndWritesTheResults() throws Exception {
        java.nio.file.Path root = Benchmark.projectRoot();
        Benchmark.run(Settings.full(), root, root, Benchmark.FULL_COMMAND);
    }
}
