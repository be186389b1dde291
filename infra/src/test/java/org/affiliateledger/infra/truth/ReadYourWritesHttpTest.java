package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes: the 201 of a conversion carries what its read will show and the commissions it created; a read by
 * id never answers 404 for what was just created; a read that sends back a write's X-Ledger-Position sees that write.
 */
class ReadYourWritesHttpTest extends LedgerIntegrationTest {
    @Autowired
    JdbcClient jdbc;
    private String key;
    private String affiliate;

    @BeforeEach
    void merchant() {
        String admin = onboardMerchant("Read your writes");
        Api.Response bulk = api.post("/api/v1/api-keys", admin, """
                {"name": "bulk", "scopes": ["*"], "rate_limits": {"read_per_minute": 1000000, "write_per_minute": 1000000}}""");
        assertThat(bulk.status()).isEqualTo(201);
        key = bulk.text("key");
        affiliate = activeAffiliate(key, "Quick Reader");
    }

    @Test
    void theConversionAnswerCarriesExactlyWhatItsReadShowsAndItsCommissions() {
        assertThat(api.patch("/api/v1/program", key, "{\"mlm_tier_rates\": [\"5\"]}").status()).isEqualTo(200);
        String child = api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "Child", "email", "child@example.com",
                "status", "active", "parent_id", affiliate))).text("id");

        Api.Response created = api.post("/api/v1/conversions", key,
                Api.json(Map.of("affiliate_id", child, "amount_cents", 4900, "external_id", "inv_ryw_1")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("X-Ledger-Position")).matches("\\d+");
        JsonNode body = created.body();
        assertThat(body.get("commissionCents").asLong()).isEqualTo(490);
        assertThat(body.get("commissions")).hasSize(2);
        assertThat(body.at("/commissions/0/id").asString()).isEqualTo(body.get("commissionId").asString());
        assertThat(body.at("/commissions/0/tier").asInt()).isZero();
        assertThat(body.at("/commissions/1/affiliateId").asString()).isEqualTo(affiliate);
        assertThat(body.at("/commissions/1/tier").asInt()).isEqualTo(1);
        assertThat(body.at("/commissions/1/amountCents").asLong()).isEqualTo(245);

        Api.Response read = api.get("/api/v1/conversions/" + created.text("id"), key);
        assertThat(read.status()).isEqualTo(200);
        for (String field : List.of("id", "affiliateId", "stripeChargeId", "source", "sourceKey", "amountCents", "currency",
                "commissionCents", "commissionRate", "commissionId", "status", "createdAt", "flatRewardCents")) {
            assertThat(read.body().get(field)).as(field).isEqualTo(body.get(field));
        }
        assertThat(read.text("stripeChargeId")).isEqualTo("manual:inv_ryw_1");
        for (JsonNode commission : body.get("commissions")) {
            Api.Response one = api.get("/api/v1/commissions/" + commission.get("id").asString(), key);
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.body().get("amountCents")).isEqualTo(commission.get("amountCents"));
            assertThat(one.body().get("tier")).isEqualTo(commission.get("tier"));
        }
    }

    @Test
    void theWritesPositionIsTheHighestPositionOfTheEventsItRecorded() {
        assertThat(api.patch("/api/v1/program", key, "{\"mlm_tier_rates\": [\"5\"]}").status()).isEqualTo(200);
        String child = api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "Position Child", "email",
                "position-child@example.com", "status", "active", "parent_id", affiliate))).text("id");

        Api.Response created = api.post("/api/v1/conversions", key,
                Api.json(Map.of("affiliate_id", child, "amount_cents", 4900, "external_id", "inv_ryw_position")));

        assertThat(created.status()).isEqualTo(201);
        List<String> aggregates = new ArrayList<>(List.of(created.text("id"), child, affiliate, merchantIdOf(key)));
        created.body().get("commissions").forEach(commission -> aggregates.add(commission.get("id").asString()));
        // the conversion, its two commissions and whatever else the write appended for the merchant and its affiliates
        Long highest = jdbc.sql("SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier IN (:ids)")
                .param("ids", aggregates).query(Long.class).single();
        assertThat(created.header("X-Ledger-Position")).isEqualTo(Long.toString(highest));
    }

    @Test
    void manyWritesReadBackAtOnceFromManyClientsNeverAnswer404() throws Exception {
        int clients = 8;
        int pairs = 12;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                Api client = new Api(port);
                List<String> failures = new ArrayList<>();
                start.await();
                for (int i = 0; i < pairs; i++) {
                    Api.Response created = client.post("/api/v1/conversions", key,
                            Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 1000 + i)));
                    if (created.status() != 201) {
                        failures.add("POST answered " + created.status() + " " + created.body());
                        continue;
                    }
                    Api.Response conversion = client.get("/api/v1/conversions/" + created.text("id"), key);
                    if (conversion.status() != 200) {
                        failures.add("GET conversion " + created.text("id") + " answered " + conversion.status());
                    }
                    Api.Response commission = client.get("/api/v1/commissions/" + created.text("commissionId"), key);
                    if (commission.status() != 200) {
                        failures.add("GET commission " + created.text("commissionId") + " answered " + commission.status());
                    }
                }
                return failures;
            }));
        }
        start.countDown();
        List<String> failures = new ArrayList<>();
        for (Future<List<String>> result : results) {
            failures.addAll(result.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
    }

    @Test
    void aReadThatSendsBackTheWritesPositionSeesTheWrite() {
        for (int round = 1; round <= 5; round++) {
            String rate = Integer.toString(10 + round);
            Api.Response changed = api.patch("/api/v1/affiliates/" + affiliate, key, "{\"commission_override\": \"" + rate + "\"}");
            assertThat(changed.header("X-Ledger-Position")).as("a write that recorded something").matches("\\d+");
            assertThat(api.get("/api/v1/affiliates/" + affiliate, key, changed).text("commissionOverride")).isEqualTo(rate);

            Api.Response created = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 100)));
            JsonNode listed = api.get("/api/v1/conversions?limit=1&affiliate_id=" + affiliate, key, created).body();
            assertThat(listed.at("/data/0/id").asString()).isEqualTo(created.text("id"));
            assertThat(listed.at("/data/0/commissionRate").asString()).isEqualTo(rate);
        }
    }

    @Test
    void aWriteThatRecordsNothingAnswersNoPositionAndAnInvalidPositionIsA400() {
        Api.Response unchanged = api.patch("/api/v1/program", key, "{}");
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.header("X-Ledger-Position")).isNull();

        Api.Response invalid = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/program"))
                .header("X-Ledger-Position", "yesterday").GET(), key);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.text("code")).isEqualTo("invalid_position");
    }

    @Test
    void anIdTheLedgerNeverIssuedIsNotFound() {
        assertThat(api.get("/api/v1/conversions/cnv_01hx5v3k8m2n4p6q8r0s2t4v6w", key).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/affiliates/aff_01hx5v3k8m2n4p6q8r0s2t4v6w", key).status()).isEqualTo(404);
    }

    @Test
    void anotherMerchantsFreshIdIsStillNotFound() {
        String other = onboardMerchant("Someone else");
        String theirs = activeAffiliate(other, "Not yours");
        assertThat(api.get("/api/v1/affiliates/" + theirs, key).status()).isEqualTo(404);
    }
}
