package org.affiliateledger.infra.ops;

import org.affiliateledger.infra.LedgerApplication;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node stopped gracefully (what SIGTERM does) while clients write: every answer is a 201 or a 503 (or a refused
 * connection once the port is closed), never a 500; a second node started on the same database afterwards has every
 * acknowledged conversion exactly once in its read models.
 */
class GracefulShutdownTest {
    private static final String ADMIN = "graceful-admin-token";

    @Test
    void aGracefulStopUnderWritesLosesNothingAcknowledged(@TempDir Path first, @TempDir Path second) throws Exception {
        TestDatabase.Database db = TestDatabase.fresh();
        ConfigurableApplicationContext node = start(db, first);
        Api api = new Api(port(node));
        String key = api.post("/admin/v1/merchants", ADMIN, Api.json(Map.of("name", "Graceful"))).body()
                .get("apiKey").get("key").asString();
        Api.Response affiliate = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Stays", "email", "stays@example.com", "status", "active")));
        assertThat(affiliate.status()).isEqualTo(201);
        String merchant = api.get("/api/v1/program", key).text("merchantId");
        assertThat(merchant).startsWith("mer_");

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        String base = "http://127.0.0.1:" + port(node);
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int n = 0; writing.get(); n++) {
                    String externalId = "graceful-" + writer + "-" + n;
                    String body = Api.json(Map.of("affiliate_id", affiliate.text("id"), "amount_cents", 1200, "external_id", externalId));
                    try {
                        Api.Response response = api.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/conversions"))
                                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)), key);
                        if (response.status() == 201) {
                            acknowledged.add(externalId);
                        } else if (response.status() != 503) {
                            wrong.add(response.status() + " " + response.body());
                        }
                    } catch (UncheckedIOException closed) {
                        return; // the port is closed: this client would go to another node
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 30);
        node.close(); // what SIGTERM runs: graceful shutdown of the web server, then the processors and the pool
        writing.set(false);
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(wrong).as("answers other than 201 and 503 while stopping").isEmpty();

        try (ConfigurableApplicationContext next = start(db, second)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> conversions(db, merchant).keySet().containsAll(acknowledged));
            assertThat(conversions(db, merchant)).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase.Database db, Path data) {
        return new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0",
                "--ledger.db.url=" + db.url(),
                "--ledger.db.user=" + db.user(),
                "--ledger.db.password=" + db.password(),
                "--ledger.admin-token=" + ADMIN,
                "--ledger.secrets-key=dGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcy1sb25nISE=",
                "--ledger.data-dir=" + data,
                "--ledger.http.shutdown-timeout=PT10S",
                "--ledger.rate-limits.read-per-minute=1000000",
                "--ledger.rate-limits.write-per-minute=1000000");
    }

    private static int port(ConfigurableApplicationContext node) {
        return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static Map<String, Integer> conversions(TestDatabase.Database db, String merchant) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             var statement = c.prepareStatement("SELECT external_id, count(*) FROM conversions WHERE merchant_id = ? GROUP BY external_id")) {
            statement.setString(1, merchant);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }
}
