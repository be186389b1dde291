package org.affiliateledger.infra.security;

import org.affiliateledger.command.apikey.ApiKeySecrets;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.ControllableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-key limits over real HTTP: the headers, the 429, and which requests share a budget. */
class RateLimitHttpTest extends LedgerIntegrationTest {
    private static final String CONVERSION_RECORDED = "org.affiliateledger.events.conversion.ConversionRecorded";
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RateLimitClock rateLimitClock;
    private ApiKeyRows keys;

    @BeforeEach
    void rows() {
        keys = new ApiKeyRows(jdbc);
    }

    /** Windows are timed on a clock that stands still: how long the requests take on a busy machine changes nothing. */
    @BeforeEach
    void clockStill() {
        clock().freezeAt(Instant.now());
    }

    @AfterEach
    void clockBack() {
        clock().reset();
    }

    private ControllableClock clock() {
        return (ControllableClock) rateLimitClock.clock();
    }

    @Test
    void everyResponseOfAKeyCarriesTheHeadersWithTheRemainingCountCountingDown() {
        String key = onboardMerchant("Headers");
        keys.limit(key, 5, 3);
        long opened = clock().millis();
        long reset = -Math.floorDiv(-(opened + 60_000), 1000L);

        Api.Response list = api.get("/api/v1/affiliates", key);
        Api.Response notFound = api.get("/api/v1/affiliates/aff_01hx0000000000000000000000", key);
        Api.Response invalid = api.post("/api/v1/affiliates", key, "{}");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(list.header("X-RateLimit-Remaining")).isEqualTo("4");
        // the window opened with this request, at 'opened' by the same clock (which stands still)
        assertThat(Long.parseLong(list.header("X-RateLimit-Reset"))).isEqualTo(reset);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(notFound.header("X-RateLimit-Remaining")).isEqualTo("3");
        assertThat(notFound.header("X-RateLimit-Reset")).as("one fixed window").isEqualTo(list.header("X-RateLimit-Reset"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(invalid.header("X-RateLimit-Remaining")).isEqualTo("2");
        assertThat(Long.parseLong(invalid.header("X-RateLimit-Reset"))).isEqualTo(reset);
    }

    @Test
    void the31stWriteWithinAMinuteAnswers429WithRetryAfterAndRecordsNothing() {
        String key = onboardMerchant("Thirty writes");
        String affiliate = activeAffiliate(key, "Busy Seller");
        Api.Response last = null;
        for (int write = 2; write <= 30; write++) {
            last = api.post("/api/v1/conversions", key, conversion(affiliate, "inv_" + write));
            assertThat(last.status()).as("write %d", write).isEqualTo(201);
        }
        assertThat(last.header("X-RateLimit-Limit")).isEqualTo("30");
        assertThat(last.header("X-RateLimit-Remaining")).isEqualTo("0");

        Api.Response refused = api.post("/api/v1/conversions", key, conversion(affiliate, "inv_31"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("detail")).contains("30 write requests per minute").contains("retry after");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("30");
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("X-RateLimit-Reset")).as("the same window").isEqualTo(last.header("X-RateLimit-Reset"));
        assertThat(keys.eventsMentioning(CONVERSION_RECORDED, affiliate)).isEqualTo(29);
        assertThat(keys.eventsMentioning(CONVERSION_RECORDED, "inv_31")).isZero();
    }

    @Test
    void aMinuteAfterTheWindowOpenedTheWholeBudgetIsBack() {
        String key = onboardMerchant("Next window");
        keys.limit(key, null, 1);
        Api.Response first = api.post("/api/v1/affiliates", key, affiliate("first"));
        Api.Response refused = api.post("/api/v1/affiliates", key, affiliate("refused"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));

        clock().advance(Duration.ofSeconds(retryAfter));
        Api.Response next = api.post("/api/v1/affiliates", key, affiliate("next"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(next.status()).isEqualTo(201);
        assertThat(next.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(next.header("X-RateLimit-Reset")))
                .isGreaterThanOrEqualTo(Long.parseLong(first.header("X-RateLimit-Reset")) + retryAfter);
    }

    @Test
    void readsAndWritesHaveSeparateBudgets() {
        String key = onboardMerchant("Separate budgets");
        keys.limit(key, 2, 1);

        assertThat(api.post("/api/v1/affiliates", key, affiliate("first")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/affiliates", key, affiliate("second")).status()).isEqualTo(429);
        Api.Response read = api.get("/api/v1/affiliates", key);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("X-RateLimit-Limit")).isEqualTo("2");
        assertThat(read.header("X-RateLimit-Remaining")).isEqualTo("1");
        assertThat(api.get("/api/v1/conversions", key).status()).isEqualTo(200);
        Api.Response thirdRead = api.get("/api/v1/affiliates", key);
        assertThat(thirdRead.status()).isEqualTo(429);
        assertThat(thirdRead.text("detail")).contains("2 read requests per minute");
    }

    @Test
    void headRequestsSpendTheReadBudget() {
        String key = onboardMerchant("Head");
        keys.limit(key, 1, null);

        Api.Response head = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/affiliates"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), key);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("X-RateLimit-Limit")).isEqualTo("1");
        assertThat(head.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(api.get("/api/v1/affiliates", key).status()).isEqualTo(429);
    }

    @Test
    void aKeysOwnLimitsOverrideTheDefaultsFromItsNextRequestOn() {
        String key = onboardMerchant("Override");
        assertThat(api.post("/api/v1/affiliates", key, affiliate("default")).header("X-RateLimit-Limit")).isEqualTo("30");

        keys.limit(key, null, 2);

        Api.Response first = api.post("/api/v1/affiliates", key, affiliate("one"));
        Api.Response second = api.post("/api/v1/affiliates", key, affiliate("two"));
        Api.Response third = api.post("/api/v1/affiliates", key, affiliate("three"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("2");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("1");
        assertThat(second.status()).isEqualTo(201);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.text("detail")).contains("2 write requests per minute");

        keys.limit(key, null, null);
        assertThat(api.post("/api/v1/affiliates", key, affiliate("back to default")).header("X-RateLimit-Limit"))
                .isEqualTo("30");
    }

    @Test
    void differentKeysDoNotShareABudget() {
        String first = onboardMerchant("First tenant");
        String second = onboardMerchant("Second tenant");
        keys.limit(first, null, 1);
        keys.limit(second, null, 1);

        assertThat(api.post("/api/v1/affiliates", first, affiliate("a")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/affiliates", first, affiliate("b")).status()).isEqualTo(429);
        assertThat(api.post("/api/v1/affiliates", second, affiliate("c")).status()).isEqualTo(201);
    }

    @Test
    void aRequestRefusedForAMissingScopeStillCountsAndCarriesTheHeaders() {
        String key = onboardMerchant("Read only");
        keys.scopes(key, "read");
        keys.limit(key, null, 5);

        Api.Response forbidden = api.post("/api/v1/affiliates", key, affiliate("nope"));

        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(forbidden.header("X-RateLimit-Remaining")).isEqualTo("4");
    }

    @Test
    void requestsWithoutAValidKeyCarryNoRateLimitHeaders() {
        Api.Response missing = api.get("/api/v1/affiliates", null);
        Api.Response unknown = api.get("/api/v1/affiliates", ApiKeySecrets.generate().plaintext());

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("X-RateLimit-Limit")).isNull();
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.header("X-RateLimit-Limit")).isNull();
    }

    private static String conversion(String affiliate, String externalId) {
        return Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 1000, "external_id", externalId));
    }

    private static String affiliate(String name) {
        return Api.json(Map.of("name", name, "email", name.replace(' ', '.') + "." + System.nanoTime() + "@example.com"));
    }
}
