package org.affiliateledger.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A few-minute run for tuning experiments ({@code -Dbench.quick=true -Dtest=QuickBenchmarkRun}, with
 * {@code -Dbench.ledgerEnv=...} to compare settings); writes to bench/target/quick, never the published files.
 */
class QuickBenchmarkRun {

    @Test
    @EnabledIfSystemProperty(named = "bench.quick", matches = "true")
    void measuresWithSmallerNumbers() throws Exception {
        java.nio.file.Path root = Benchmark.projectRoot();
        Benchmark.run(Settings.quick(), root, root.resolve("bench/target/quick"), "(quick tuning run)");
    }
}
