package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.axon.AxonConfig;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator rebuilds read models from the event store: what comes back is exactly what was there. */
class ProjectionRebuildHttpTest extends LedgerIntegrationTest {
    private static final List<String> READ_MODELS = List.of("program", "affiliates", "conversions", "commissions");

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFullRebuildRestoresEveryReadModelRowForRow() {
        String key = history("Rebuild all");
        Map<String, List<Map<String, Object>>> before = readModels();
        jdbc.sql("UPDATE conversions SET amount_cents = 0").update(); // damage the projection: the rebuild must repair it
        jdbc.sql("DELETE FROM affiliates").update();

        Api.Response started = api.post("/admin/v1/projections/rebuild", ADMIN_TOKEN, null);

        assertThat(started.status()).isEqualTo(202);
        assertThat(groups(started.body())).containsAll(READ_MODELS);
        awaitAllCaughtUp();
        assertThat(readModels()).isEqualTo(before);
        assertThat(api.get("/api/v1/conversions", key).body().get("data")).hasSize(3);
    }

    @Test
    void aRebuildByProjectionNameRebuildsTheProcessorThatRunsIt() {
        history("Rebuild one");
        Map<String, List<Map<String, Object>>> before = readModels();
        jdbc.sql("UPDATE conversions SET status = 'mangled'").update();

        Api.Response started = api.post("/admin/v1/projections/rebuild?name=conversions", ADMIN_TOKEN, null);

        assertThat(started.status()).isEqualTo(202);
        assertThat(started.body()).hasSize(1);
        assertThat(names(started.body())).containsExactly(AxonConfig.SHARED_PROCESSOR);
        assertThat(groups(started.body())).contains("conversions");
        awaitAllCaughtUp();
        assertThat(readModels()).isEqualTo(before);
    }

    @Test
    void theStatusListsEveryProjectionWithItsPositionAgainstTheHead() {
        history("Status");
        awaitAllCaughtUp();

        JsonNode projections = api.get("/admin/v1/projections", ADMIN_TOKEN).body();

        assertThat(groups(projections)).containsAll(READ_MODELS).doesNotContain("api-keys");
        for (JsonNode projection : projections) {
            assertThat(projection.get("segments").asInt()).isPositive();
            assertThat(projection.get("claimedSegments").asInt()).isEqualTo(projection.get("segments").asInt());
            assertThat(projection.get("position").asLong()).isEqualTo(projection.get("head").asLong());
            assertThat(projection.get("replaying").asBoolean()).isFalse();
        }
    }

    @Test
    void anUnknownProjectionIs404AndTheEndpointsNeedTheAdminToken() {
        assertThat(api.post("/admin/v1/projections/rebuild?name=nope", ADMIN_TOKEN, null).status()).isEqualTo(404);
        assertThat(api.get("/admin/v1/projections", null).status()).isEqualTo(401);
        assertThat(api.post("/admin/v1/projections/rebuild", "wrong", null).status()).isEqualTo(401);
    }

    /** A merchant with a changed rate, affiliates in several states, and conversions whose commissions moved on. */
    private String history(String merchant) {
        String key = onboardMerchant(merchant);
        assertThat(api.patch("/api/v1/program", key, "{\"default_rate\": \"12.5\"}").status()).isEqualTo(200);
        String affiliate = activeAffiliate(key, merchant + " Active");
        String paused = activeAffiliate(key, merchant + " Paused");
        assertThat(api.post("/api/v1/affiliates/" + paused + "/pause", key, null).status()).isEqualTo(200);
        assertThat(api.patch("/api/v1/affiliates/" + affiliate, key, "{\"commission_override\": \"20\"}").status()).isEqualTo(200);
        for (int amount : new int[]{1000, 2500, 4900}) {
            Api.Response recorded = api.post("/api/v1/conversions", key,
                    "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": " + amount + "}");
            assertThat(recorded.status()).isEqualTo(201);
        }
        JsonNode conversions = eventually(() -> api.get("/api/v1/conversions", key), r -> r.body().get("data").size() == 3)
                .body().get("data");
        assertThat(api.post("/api/v1/commissions/" + conversions.get(0).get("commissionId").asString() + "/approve", key, null)
                .status()).isEqualTo(200);
        assertThat(api.post("/api/v1/commissions/" + conversions.get(1).get("commissionId").asString() + "/void", key,
                "{\"reason\": \"refunded\"}").status()).isEqualTo(200);
        awaitAllCaughtUp();
        return key;
    }

    /**
     * Caught up, with every segment claimed by this node: other test classes start second nodes on the same database,
     * and a rebuild is refused (409) while a segment is still claimed elsewhere.
     */
    private void awaitAllCaughtUp() {
        eventually(() -> api.get("/admin/v1/projections", ADMIN_TOKEN), response -> response.status() == 200
                && StreamSupport.stream(response.body().spliterator(), false).allMatch(p -> p.get("caughtUp").asBoolean()
                && p.get("claimedSegments").asInt() == p.get("segments").asInt()));
    }

    private Map<String, List<Map<String, Object>>> readModels() {
        return READ_MODELS.stream().collect(java.util.stream.Collectors.toMap(table -> table,
                table -> jdbc.sql("SELECT * FROM " + table + " ORDER BY 1").query().listOfRows()));
    }

    private static List<String> names(JsonNode projections) {
        return StreamSupport.stream(projections.spliterator(), false).map(p -> p.get("name").asString()).toList();
    }

    private static List<String> groups(JsonNode projections) {
        return StreamSupport.stream(projections.spliterator(), false)
                .flatMap(p -> StreamSupport.stream(p.get("groups").spliterator(), false))
                .map(JsonNode::asString)
                .toList();
    }
}
