package org.affiliateledger.infra.ops;

import org.affiliateledger.infra.LedgerApplication;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three ledger nodes on one database under concurrent writes, some of them racing for the same external_id on
 * different nodes: every conversion and commission exists exactly once, every webhook message is delivered exactly
 * once, and the three nodes report the same read-model checksums.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeNodesTest extends LedgerIntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;
    private final List<ConfigurableApplicationContext> others = new ArrayList<>();

    @BeforeAll
    void startTwoMoreNodes(@TempDir Path second, @TempDir Path third) {
        for (Path data : List.of(second, third)) {
            others.add(new SpringApplicationBuilder(LedgerApplication.class).run(
                    "--server.port=0",
                    "--ledger.db.url=" + environment.getRequiredProperty("ledger.db.url"),
                    "--ledger.db.user=" + environment.getRequiredProperty("ledger.db.user"),
                    "--ledger.db.password=" + environment.getProperty("ledger.db.password", ""),
                    "--ledger.admin-token=" + ADMIN_TOKEN,
                    "--ledger.secrets-key=" + SECRETS_KEY,
                    "--ledger.data-dir=" + data,
                    "--ledger.rate-limits.read-per-minute=1000000",
                    "--ledger.webhooks.allow-private-targets=true",
                    "--ledger.webhooks.poll-interval=PT0.05S"));
        }
    }

    @AfterAll
    void stopThem() {
        others.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void threeNodesRecordAndDeliverEverythingExactlyOnce() throws Exception {
        String key = onboardMerchant("Three Nodes");
        String merchant = merchantIdOf(key);
        // writes are spread over three nodes by one key: lift its write limit (the limit itself is tested elsewhere)
        jdbc.sql("UPDATE api_keys SET write_per_minute = 1000000 WHERE merchant_id = ?").param(merchant).update();
        List<Api> nodes = new ArrayList<>(List.of(api));
        others.forEach(node -> nodes.add(new Api(node.getEnvironment().getRequiredProperty("local.server.port", Integer.class))));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response endpoint = api.post("/api/v1/webhook-endpoints", key,
                    Api.json(Map.of("url", receiver.url("/three"), "event_types", List.of("commission.created"))));
            receiver.secret(endpoint.text("secret"));
            String affiliate = activeAffiliate(key, "Everywhere");

            int writers = 6;
            int each = 10;
            int shared = 4;
            List<Integer> statuses = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Api node = nodes.get(w % nodes.size());
                running.add(pool.submit(() -> {
                    for (int n = 0; n < each + shared; n++) {
                        // the last few are the same external ids on every writer, hence on every node
                        String externalId = n < each ? "three-" + writer + "-" + n : "three-shared-" + (n - each);
                        statuses.add(node.post("/api/v1/conversions", key,
                                Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 1000 + n, "external_id", externalId))).status());
                    }
                }));
            }
            for (Future<?> writer : running) {
                writer.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            int expected = writers * each + shared;
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(expected);
            assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    count("SELECT count(*) FROM commissions WHERE merchant_id = ?", merchant) == expected
                            && count("SELECT count(*) FROM conversions WHERE merchant_id = ?", merchant) == expected);
            assertThat(count("SELECT count(DISTINCT external_id) FROM conversions WHERE merchant_id = ?", merchant)).isEqualTo(expected);
            assertThat(count("SELECT count(DISTINCT conversion_id) FROM commissions WHERE merchant_id = ?", merchant)).isEqualTo(expected);

            String endpointId = endpoint.text("id");
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                            "SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ? AND status = 'delivered'")
                    .param(endpointId).query(Long.class).single() == expected);
            // every delivery took one attempt, recorded by whichever node made it: no node sent a message twice
            assertThat(jdbc.sql("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = ?").param(endpointId)
                    .query(Long.class).single()).isEqualTo(expected);
            Map<String, Long> perMessage = receiver.received().stream()
                    .collect(Collectors.groupingBy(WebhookReceiver.Received::id, Collectors.counting()));
            assertThat(perMessage).hasSize(expected).allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1L));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String first = nodes.get(0).get("/admin/v1/projections/checksums", ADMIN_TOKEN).body().toString();
                for (Api node : nodes) {
                    assertThat(node.get("/admin/v1/projections/checksums", ADMIN_TOKEN).body().toString()).isEqualTo(first);
                }
            });
        }
    }

    private long count(String sql, String merchant) {
        return jdbc.sql(sql).param(merchant).query(Long.class).single();
    }
}
