package org.affiliateledger.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole harness with tiny numbers, so CI proves it still runs end to end. Asserts that every scenario produced
 * figures and that both files were written; never how fast anything was.
 */
class BenchmarkSmokeTest {

    @Test
    void everyScenarioProducesFiguresAndBothFilesAreWritten(@TempDir Path output) throws Exception {
        Path root = Benchmark.projectRoot();

        Results results = Benchmark.run(Settings.smoke(), root, output, "(smoke test)");

        assertThat(results.baseline().singleRowInserts()).hasSize(3)
                .allSatisfy(level -> assertThat(level.medianPerSecond()).isPositive());
        assertThat(results.baseline().medianBatchedRowsPerSecond()).isPositive();
        assertThat(results.writes()).hasSize(3).allSatisfy(level -> {
            assertThat(level.medianPerSecond()).isPositive();
            assertThat(level.all().p99Ms()).isPositive();
        });
        assertThat(results.lag().count()).isPositive();
        assertThat(results.rebuild().events()).isGreaterThanOrEqualTo(5_000);
        assertThat(results.rebuild().medianEventsPerSecond()).isPositive();
        assertThat(results.reads().firstPage().all().count()).isPositive();
        assertThat(results.reads().cursorPage().all().count()).isPositive();
        assertThat(results.reads().offsetPage().all().count()).isPositive();
        assertThat(results.deliveries().medianDrainPerSecond()).isPositive();
        assertThat(results.deliveries().firstAttempt().count()).isPositive();
        assertThat(results.deliveries().baseline().medianPerSecond()).isPositive();
        // every delivery answered at the first attempt: a retry would mean the receiver (or the ledger) dropped one
        assertThat(results.deliveries().duplicates()).isZero();
        assertThat(results.clicks().unavailable() == null ? results.clicks().level().medianPerSecond() : 1.0).isPositive();
        assertThat(results.startups()).hasSize(2).allSatisfy(start -> {
            assertThat(start.seconds()).isPositive();
            assertThat(start.idleRssBytes()).isPositive();
        });

        AuditResults audit = results.audit();
        assertThat(audit.chainCost().on()).hasSize(1);
        assertThat(audit.chainCost().off()).hasSize(1);
        assertThat(audit.chainCost().medianOnPerSecond()).isPositive();
        assertThat(audit.chainCost().medianOffPerSecond()).isPositive();
        assertThat(audit.historyEvents()).isGreaterThanOrEqualTo(5_000);
        assertThat(audit.historyFirst().all().count()).isPositive();
        assertThat(audit.historyDeep().all().count()).isPositive();
        assertThat(audit.asOf().all().count()).isPositive();
        assertThat(audit.readModel().all().count()).isPositive();
        assertThat(audit.verify().ok()).isTrue();
        assertThat(audit.verify().verified()).isGreaterThanOrEqualTo(5_000);
        assertThat(audit.verify().medianEventsPerSecond()).isPositive();
        assertThat(audit.verify().medianSelectRowsPerSecond()).isPositive();
        assertThat(audit.chainCatchUp().events()).isPositive();

        // every processor the ledger ran was moved past the loaded events, and caught up after the restart
        assertThat(results.catchUp().processors()).contains("balances", "history", "projections");
        assertThat(results.catchUp().events()).isEqualTo(2L * Settings.smoke().bulkConversions());
        assertThat(results.rebuild().processors()).as("P replays the balances too").contains("balances", "projections");
        FinanceResults finance = results.finance();
        assertThat(finance.entries()).as("balance entries of the loaded commissions").isGreaterThanOrEqualTo(Settings.smoke().bulkConversions());
        assertThat(finance.balancesConsistent()).as("balances written by the loader = balances replayed by P: %s vs %s",
                finance.balancesLoaded(), finance.balancesRebuilt()).isTrue();
        assertThat(finance.statementLines()).isPositive();
        assertThat(finance.monthConversions()).isPositive();
        assertThat(finance.reconciledConversions()).isEqualTo(finance.monthConversions());
        assertThat(List.of(finance.balanceAsOf(), finance.busyBalanceAsOf(), finance.balancesPage(), finance.statement(),
                finance.reconciliation())).allSatisfy(pair -> {
            assertThat(pair.ledger().all().count()).isPositive();
            assertThat(pair.raw().all().count()).isPositive();
        });
        assertThat(results.dashboard()).hasSize(10).allSatisfy(screen -> assertThat(screen.all().p95Ms()).isPositive());

        // kept for a look after the build (the temporary directory is deleted)
        Files.createDirectories(root.resolve("bench/target"));
        Files.copy(output.resolve(Benchmark.MARKDOWN), root.resolve("bench/target/smoke-" + Benchmark.MARKDOWN),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String markdown = Files.readString(output.resolve(Benchmark.MARKDOWN));
        assertThat(markdown).contains("| W |", "| R |", "| P |", "| L |", "| S |", "| D |", "| C |", "| H |", "| F |", "| U |",
                "/ui/finance", results.machine().cpu());
        String readme = "intro\n" + Report.LATEST_START + "\nold figures\n" + Report.LATEST_END + "\nrest\n";
        assertThat(Report.withLatestRun(readme, Report.latestRun(results)))
                .startsWith("intro\n" + Report.LATEST_START + "\nLatest full run").contains("reconciliation")
                .doesNotContain("old figures").endsWith(Report.LATEST_END + "\nrest\n");
        assertThat(Files.readString(output.resolve(Benchmark.JSON))).contains("\"medianEventsPerSecond\"", "\"singleRowInserts\"");
        assertThat(root.resolve(Benchmark.MARKDOWN)).as("the smoke run must not overwrite the published results")
                .satisfiesAnyOf(path -> assertThat(path).doesNotExist(),
                        path -> assertThat(Files.readString(path)).doesNotContain("(smoke test)"));
    }
}
