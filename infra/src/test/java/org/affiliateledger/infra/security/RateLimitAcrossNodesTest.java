package org.affiliateledger.infra.security;

import org.affiliateledger.infra.LedgerApplication;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.ControllableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ledger nodes on one database draw from the same windows: together they never allow more than the limit; a key
 * revoked through one is refused by the other from the next request on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitAcrossNodesTest extends LedgerIntegrationTest {
    private static final String AFFILIATE_REGISTERED = "org.affiliateledger.events.affiliate.AffiliateRegistered";
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;
    @Autowired
    ApplicationContext firstNode;
    private ApiKeyRows keys;
    private ConfigurableApplicationContext secondNode;
    private List<Api> nodes;

    /**
     * Same database, no other configuration (but the test's rate-limit clock): a second ledger process as an operator
     * would start it.
     */
    @BeforeAll
    void startASecondNodeOnTheSameDatabase() {
        keys = new ApiKeyRows(jdbc);
        RateLimitClock sameClock = firstNode.getBean(RateLimitClock.class);
        secondNode = new SpringApplicationBuilder(LedgerApplication.class)
                // the test's rate-limit clock, shared: the test holds both nodes' windows still at once
                .initializers(context -> ((GenericApplicationContext) context).registerBean("sharedRateLimitClock",
                        RateLimitClock.class, () -> sameClock, definition -> definition.setPrimary(true)))
                .run(
                "--server.port=0",
                "--ledger.db.url=" + environment.getRequiredProperty("ledger.db.url"),
                "--ledger.db.user=" + environment.getRequiredProperty("ledger.db.user"),
                "--ledger.db.password=" + environment.getProperty("ledger.db.password", ""),
                "--ledger.admin-token=" + ADMIN_TOKEN);
    }

    @BeforeEach
    void bothNodes() {
        nodes = List.of(api, new Api(((WebServerApplicationContext) secondNode).getWebServer().getPort()));
        // both nodes time their windows on one clock standing still: ten requests on a busy machine share a window
        // however long they take
        assertThat(secondNode.getBean(RateLimitClock.class)).isSameAs(firstNode.getBean(RateLimitClock.class));
        rateLimitClock().freezeAt(Instant.now());
    }

    @AfterEach
    void clockBack() {
        rateLimitClock().reset();
    }

    private ControllableClock rateLimitClock() {
        return (ControllableClock) firstNode.getBean(RateLimitClock.class).clock();
    }

    @AfterAll
    void stopTheSecondNode() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    @Test
    void writesAlternatingBetweenTwoNodesSucceedExactlyUpToTheLimitInTotal() {
        String key = onboardMerchant("Two nodes");
        keys.limit(key, null, 6);
        List<Integer> statuses = new ArrayList<>();
        List<String> remaining = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            Api.Response response = nodes.get(i % 2).post("/api/v1/affiliates", key, affiliate("alternating " + i));
            statuses.add(response.status());
            remaining.add(response.header("X-RateLimit-Remaining"));
        }

        assertThat(statuses).containsExactly(201, 201, 201, 201, 201, 201, 429, 429, 429, 429);
        assertThat(remaining).containsExactly("5", "4", "3", "2", "1", "0", "0", "0", "0", "0");
        assertThat(keys.eventsMentioning(AFFILIATE_REGISTERED, keys.merchantOf(key))).isEqualTo(6);
    }

    @Test
    void concurrentWritesOnBothNodesNeverExceedTheLimitTogether() throws Exception {
        String key = onboardMerchant("Two nodes, concurrently");
        keys.limit(key, null, 10);
        int requests = 30;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            for (int i = 0; i < requests; i++) {
                Api node = nodes.get(i % 2);
                String body = affiliate("concurrent " + i);
                results.add(clients.submit(() -> {
                    start.await();
                    return node.post("/api/v1/affiliates", key, body).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).as("statuses %s", statuses).filteredOn(s -> s == 201).hasSize(10);
            assertThat(statuses).as("statuses %s", statuses).filteredOn(s -> s == 429).hasSize(requests - 10);
        } finally {
            clients.shutdownNow();
        }
        assertThat(keys.eventsMentioning(AFFILIATE_REGISTERED, keys.merchantOf(key))).isEqualTo(10);
    }

    @Test
    void aKeyRevokedThroughOneNodeIsRefusedByTheOtherAtOnce() {
        String admin = onboardMerchant("Revocation across nodes");
        Api.Response issued = nodes.get(0).post("/api/v1/api-keys", admin, "{\"name\": \"leaked\", \"scopes\": [\"*\"]}");
        String key = issued.text("key");
        assertThat(nodes.get(1).get("/api/v1/affiliates", key).status()).as("the other node knows the key").isEqualTo(200);

        Api.Response revoked = nodes.get(0).send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + "/api/v1/api-keys/" + issued.text("id"))).DELETE(), admin);

        assertThat(revoked.status()).isEqualTo(204);
        Api.Response refused = nodes.get(1).get("/api/v1/affiliates", key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("X-RateLimit-Limit")).isNull();
    }

    @Test
    void aNodeWithoutConfigurationAppliesTheAffilutDefaults() {
        String key = onboardMerchant("Defaults");

        Api.Response read = nodes.get(1).get("/api/v1/affiliates", key);
        Api.Response write = nodes.get(1).post("/api/v1/affiliates", key, affiliate("default"));

        assertThat(read.header("X-RateLimit-Limit")).isEqualTo("120");
        assertThat(write.header("X-RateLimit-Limit")).isEqualTo("30");
    }

    private static String affiliate(String name) {
        return Api.json(Map.of("name", name, "email", name.replace(' ', '.') + "." + System.nanoTime() + "@example.com"));
    }
}
