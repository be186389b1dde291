package org.affiliateledger.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The published run: {@value Benchmark#FULL_COMMAND} (its duration is in the header of BENCHMARKS.md). Writes BENCHMARKS.md and
 * BENCHMARKS.json at the repository root and the
 * README's latest-run paragraph. Not part of the normal build: it runs only with {@code -Dbench.full=true}.
 */
class FullBenchmarkRun {

    @Test
    @EnabledIfSystemProperty(named = "bench.full", matches = "true")
    void measuresEveryScenarioAndWritesTheResults() throws Exception {
        java.nio.file.Path root = Benchmark.projectRoot();
        Benchmark.run(Settings.full(), root, root, Benchmark.FULL_COMMAND);
    }
}
