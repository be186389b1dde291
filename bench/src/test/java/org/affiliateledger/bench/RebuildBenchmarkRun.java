package org.affiliateledger.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * P alone, for tuning the rebuild: {@code -Dbench.rebuild=true -Dtest=RebuildBenchmarkRun} (with {@code -Dbench.rebuilds},
 * {@code -Dbench.bulkConversions} and {@code -Dbench.ledgerEnv}); prints its figures, writes no report.
 */
class RebuildBenchmarkRun {

    @Test
    @EnabledIfSystemProperty(named = "bench.rebuild", matches = "true")
    void rebuildsAlone() throws Exception {
        java.nio.file.Path root = Benchmark.projectRoot();
        new Harness(Settings.quick(), Benchmark.ledgerJar(root), Benchmark.ledgerEnvironment(), Benchmark.ledgerJvmOptions(),
                "(rebuild tuning run)").rebuildOnly();
    }
}
