package org.affiliateledger.infra.ops;

import org.affiliateledger.infra.LedgerApplication;
import org.affiliateledger.infra.db.EmbeddedPostgres;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL this test owns is crashed (immediate stop) under concurrent writes and started again: while it is down
 * every request is refused with 503 {@code database_unavailable} and {@code Retry-After} within a bounded time (never a
 * 500, never a hang), readiness is DOWN and liveness UP; afterwards readiness is UP again, and every conversion a
 * client saw acknowledged exists exactly once, with its commission, in the read models the processors caught up on.
 */
class DatabaseOutageTest {
    private static final String ADMIN_TOKEN = "outage-admin-token";
    private static final String SECRETS_KEY = "dGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcy1sb25nISE=";
    /** Far above the connect timeout (PT1S): a request that takes this long hangs, which the ledger must not do. */
    private static final Duration HANG = Duration.ofSeconds(12);
    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext node;
    private static Api api;
    private static Path pgDir;
    @TempDir
    static Path nodeDir;

    @BeforeAll
    static void start() throws Exception {
        // world-traversable: PostgreSQL runs as another account under root
        pgDir = Files.createTempDirectory(EmbeddedPostgres.tempDirectory(), "ledger-outage-pg-");
        Files.setPosixFilePermissions(pgDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        postgres = EmbeddedPostgres.start(pgDir);
        node = new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0",
                "--ledger.db.url=" + postgres.jdbcUrl("ledger"),
                "--ledger.db.user=" + postgres.user(),
                "--ledger.db.password=",
                "--ledger.db.connect-timeout=PT1S",
                "--ledger.admin-token=" + ADMIN_TOKEN,
                "--ledger.secrets-key=" + SECRETS_KEY,
                "--ledger.data-dir=" + nodeDir,
                "--ledger.rate-limits.read-per-minute=1000000",
                "--ledger.rate-limits.write-per-minute=1000000");
        api = new Api(node.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
            FileSystemUtils.deleteRecursively(postgres.dataDirectory().toFile());
        }
        if (pgDir != null) {
            FileSystemUtils.deleteRecursively(pgDir.toFile());
        }
    }

    record Outcome(String externalId, int status, String code, String retryAfter) {
    }

    @Test
    void anOutageIsAnsweredWith503AndNothingAcknowledgedIsLostOrDoubled() throws Exception {
        String key = api.post("/admin/v1/merchants", ADMIN_TOKEN, Api.json(Map.of("name", "Outage"))).body()
                .get("apiKey").get("key").asString();
        Api.Response affiliate = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Steady", "email", "steady@example.com", "status", "active")));
        assertThat(affiliate.status()).isEqualTo(201);
        String affiliateId = affiliate.text("id");
        assertThat(health("readiness")).isEqualTo(200);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Outcome> refused = new CopyOnWriteArrayList<>();
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicInteger afterRestart = new AtomicInteger();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicBoolean writing = new AtomicBoolean(true);
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            running.add(pool.submit(() -> {
                for (int n = 0; writing.get(); ) {
                    String externalId = "outage-" + writer + "-" + n;
                    Outcome outcome = record(key, affiliateId, externalId);
                    if (outcome.status() == 201 || (outcome.status() == 409 && "duplicate_external_id".equals(outcome.code()))) {
                        // 409: an earlier attempt answered 503 had in fact been recorded; the retry proves it
                        acknowledged.add(externalId);
                        if (restarted.get()) {
                            afterRestart.incrementAndGet();
                        }
                        n++;
                    } else if (outcome.status() == 503) {
                        refused.add(outcome); // the client retries the same external_id, as the answer says is safe
                        sleepBriefly();
                    } else {
                        wrong.add(outcome.toString());
                        sleepBriefly();
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 40);

        postgres.stopImmediately();
        await().atMost(Duration.ofSeconds(30)).until(() -> refused.size() >= 8);
        assertThat(health("readiness")).as("readiness while the database is down").isEqualTo(503);
        assertThat(health("liveness")).as("liveness while the database is down").isEqualTo(200);
        Api.Response read = api.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/conversions?limit=5")).timeout(HANG).GET(), key);
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.header("Retry-After")).isNotBlank();

        postgres.restart();
        restarted.set(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> health("readiness") == 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> afterRestart.get() >= 40);
        writing.set(false);
        for (Future<?> writer : running) {
            writer.get(HANG.toSeconds() * 2, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(wrong).as("answers other than 201, 409 duplicate_external_id and 503").isEmpty();
        assertThat(refused).allSatisfy(outcome -> {
            assertThat(outcome.code()).isEqualTo("database_unavailable");
            assertThat(outcome.retryAfter()).matches("\\d+");
        });
        // the read models catch up (the processors back off during the outage and resume on their own)
        String merchant = api.get("/api/v1/program", key).text("merchantId");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> conversionsByExternalId(merchant).keySet().containsAll(acknowledged));
        Map<String, Integer> projected = conversionsByExternalId(merchant);
        assertThat(projected).as("each acknowledged conversion exactly once").allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(projected.keySet()).as("nothing recorded that a client did not send").allMatch(id -> id.startsWith("outage-"));
        assertThat(projected.keySet()).containsAll(acknowledged);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> commissions(merchant) == projected.size());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(DatabaseOutageTest::projectionsCaughtUp);
    }

    private static Outcome record(String key, String affiliateId, String externalId) {
        String body = Api.json(Map.of("affiliate_id", affiliateId, "amount_cents", 4900, "external_id", externalId));
        Api.Response response;
        try {
            response = api.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/conversions")).timeout(HANG)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), key);
        } catch (UncheckedIOException e) {
            return new Outcome(externalId, -1, e.getCause().toString(), null); // a hang (timeout) or a dropped connection
        }
        String code = response.body().has("code") ? response.body().get("code").asString() : null;
        return new Outcome(externalId, response.status(), code, response.header("Retry-After"));
    }

    private static int health(String group) {
        return api.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/" + group)).timeout(HANG).GET(), null).status();
    }

    private static boolean projectionsCaughtUp() {
        Api.Response list = api.get("/admin/v1/projections", ADMIN_TOKEN);
        if (list.status() != 200) {
            return false;
        }
        for (var projection : list.body()) {
            if (!projection.get("caughtUp").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Integer> conversionsByExternalId(String merchant) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("ledger"), postgres.user(), "");
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

    private static int commissions(String merchant) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("ledger"), postgres.user(), "");
             var statement = c.prepareStatement("SELECT count(*) FROM commissions WHERE merchant_id = ?")) {
            statement.setString(1, merchant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + node.getEnvironment().getRequiredProperty("local.server.port");
    }

    /** Pacing between a refused request and its retry (not a proof of anything). */
    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
