package org.affiliateledger.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * D alone, for webhook delivery work ({@code -Dbench.webhooksOnly=true -Dtest=WebhookBenchmarkRun}): the quick
 * settings' delivery scenario on a fresh database, then the events and rows one delivery costs; prints, never publishes.
 */
class WebhookBenchmarkRun {

    @Test
    @EnabledIfSystemProperty(named = "bench.webhooksOnly", matches = "true")
    void measuresDeliveriesAlone() throws Exception {
        java.nio.file.Path root = Benchmark.projectRoot();
        new Harness(Settings.quick(), Benchmark.ledgerJar(root), Benchmark.ledgerEnvironment(), Benchmark.ledgerJvmOptions(),
                "webhooks only").webhooksOnly();
    }
}
