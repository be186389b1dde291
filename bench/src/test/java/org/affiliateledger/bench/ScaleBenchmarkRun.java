package org.affiliateledger.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * F and U at the published store size ({@value ScaleReport#COMMAND}): refreshes its own section of BENCHMARKS.md at the
 * repository root (the full run's sections stay as they are) and keeps a copy in bench/target/scale.
 */
class ScaleBenchmarkRun {

    @Test
    @EnabledIfSystemProperty(named = "bench.scale", matches = "true")
    void measuresFinanceAndDashboardOnAPublishedSizeStore() throws Exception {
        java.nio.file.Path root = Benchmark.projectRoot();
        ScaleResults results = new Harness(Settings.scale(), Benchmark.ledgerJar(root), Benchmark.ledgerEnvironment(),
                Benchmark.ledgerJvmOptions(), ScaleReport.COMMAND).scale();
        java.nio.file.Path copy = root.resolve("bench/target/scale/" + Benchmark.MARKDOWN);
        java.nio.file.Files.createDirectories(copy.getParent());
        ScaleReport.write(results, copy);
        ScaleReport.write(results, root.resolve(Benchmark.MARKDOWN));
        Harness.say("wrote the scale section of %s", root.resolve(Benchmark.MARKDOWN));
    }
}
