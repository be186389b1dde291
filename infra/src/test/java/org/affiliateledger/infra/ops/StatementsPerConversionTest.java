package org.affiliateledger.infra.ops;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures, rather than asserts, the database round trips behind one conversion over HTTP: on the request thread and
 * in each event processor until the read models show it. Run it on its own and read its output (the bench's tuning notes
 * quote it); the only assertion is that the counts were taken.
 */
@Import(StatementCounter.Config.class)
// A measurement, not a check: off in the default build, because its own application context (another configuration)
// would stay alive beside the shared one for the rest of the suite, a second node whose scheduler and processors take
// the other tests' deadlines and events. Run it alone: -Dperf.statements=true -Dtest=StatementsPerConversionTest
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "perf.statements", matches = "true")
@org.springframework.test.annotation.DirtiesContext
class StatementsPerConversionTest extends LedgerIntegrationTest {
    /** -Dperf.conversions / -Dperf.clients: more of them, and -Dperf.jfr=file for a CPU profile (JFR) of the measured part */
    private static final int CONVERSIONS = Integer.getInteger("perf.conversions", 60);
    private static final int CLIENTS = Integer.getInteger("perf.clients", 1);
    @Autowired
    JdbcClient jdbc;

    @Test
    void printsTheRoundTripsOfAConversionPerThreadGroup() throws Exception {
        String key = onboardMerchant("Statement counts");
        jdbc.sql("UPDATE api_keys SET read_per_minute = 1000000, write_per_minute = 1000000 WHERE merchant_id = ?")
                .param(merchantIdOf(key)).update();
        List<String> affiliates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            affiliates.add(activeAffiliate(key, "Seller " + i));
        }
        record(key, affiliates, "warm", 30);
        awaitProjectionsCaughtUp(); // the warm-up's projection work is not counted

        StatementCounter counter = StatementCounter.Config.COUNTER;
        counter.start();
        Thread.sleep(3000); // a measuring window: what an idle ledger's pollers cost in 3 s (not a proof of anything)
        Map<String, Map<String, Long>> idle = counter.stop();

        String jfr = System.getProperty("perf.jfr");
        jdk.jfr.Recording recording = jfr == null ? null : new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        if (recording != null) {
            recording.start();
        }
        counter.start();
        String last = recordConcurrently(key, affiliates, CONVERSIONS, CLIENTS);
        eventually(() -> api.get("/api/v1/conversions/" + last, key), r -> r.status() == 200);
        awaitProjectionsCaughtUp(); // every projection's work for the measured conversions is counted
        Map<String, Map<String, Long>> busy = counter.stop();
        if (recording != null) {
            recording.dump(java.nio.file.Path.of(jfr));
            recording.close();
        }

        StringBuilder out = new StringBuilder("\n==== round trips per conversion (" + CONVERSIONS
                + " conversions over HTTP from " + CLIENTS + " clients, until every projection caught up; idle 3 s shown apart) ====\n");
        print(out, "IDLE (3 s, total)", idle, 1);
        print(out, "PER CONVERSION", busy, CONVERSIONS);
        System.out.println(out);
        assertThat(busy).containsKey("request");
    }

    private void awaitProjectionsCaughtUp() {
        eventually(() -> api.get("/admin/v1/projections", ADMIN_TOKEN),
                r -> StreamSupport.stream(r.body().spliterator(), false).allMatch(p -> p.get("caughtUp").asBoolean()));
    }

    private String recordConcurrently(String key, List<String> affiliates, int count, int clients) throws Exception {
        if (clients == 1) {
            return record(key, affiliates, "measured", count);
        }
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            List<java.util.concurrent.Future<String>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String prefix = "measured" + c;
                done.add(threads.submit(() -> record(key, affiliates, prefix, count / clients)));
            }
            String last = null;
            for (var f : done) {
                last = f.get();
            }
            return last;
        } finally {
            threads.shutdown();
        }
    }

    private String record(String key, List<String> affiliates, String prefix, int count) {
        String id = null;
        for (int i = 0; i < count; i++) {
            Api.Response created = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id",
                    affiliates.get(i % affiliates.size()), "amount_cents", 4900, "external_id", prefix + "_" + i + "_" + System.nanoTime())));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            id = created.text("id");
        }
        return id;
    }

    private static void print(StringBuilder out, String title, Map<String, Map<String, Long>> counts, int per) {
        out.append("-- ").append(title).append('\n');
        double all = 0;
        for (var group : counts.entrySet()) {
            long total = group.getValue().values().stream().mapToLong(Long::longValue).sum();
            all += total;
            out.append(String.format("%-40s %8.2f%n", group.getKey(), (double) total / per));
            group.getValue().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> out.append(String.format("      %8.2f  %s%n", (double) e.getValue() / per, e.getKey())));
        }
        out.append(String.format("%-40s %8.2f%n", "ALL", all / per));
    }
}
