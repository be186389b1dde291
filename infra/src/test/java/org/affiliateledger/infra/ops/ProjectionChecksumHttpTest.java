package org.affiliateledger.infra.ops;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A full rebuild reproduces exactly the same rows: the read models' checksums before and after it are equal. */
class ProjectionChecksumHttpTest extends LedgerIntegrationTest {

    @Test
    void checksumsBeforeAndAfterAFullRebuildAreEqual() {
        String key = onboardMerchant("Checksums");
        String affiliate = activeAffiliate(key, "Summed");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/conversions", key,
                    Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 2500 + i, "external_id", "sum-" + i))).status())
                    .isEqualTo(201);
        }
        String commission = eventually(() -> api.get("/api/v1/commissions?affiliate_id=" + affiliate, key),
                r -> r.body().get("data").size() == 3).body().get("data").get(0).get("id").asString();
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, null).status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/commissions/" + commission, key), r -> "approved".equals(r.text("status")));
        awaitCaughtUp();

        JsonNode before = api.get("/admin/v1/projections/checksums", ADMIN_TOKEN).body();
        assertThat(before.isArray()).isTrue();
        assertThat(names(before)).contains("affiliates", "conversions", "commissions", "program");
        assertThat(find(before, "conversions").get("rows").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(find(before, "conversions").get("checksum").asString()).matches("[0-9a-f]{64}");

        Api.Response rebuild = api.post("/admin/v1/projections/rebuild", ADMIN_TOKEN, null);
        assertThat(rebuild.status()).isEqualTo(202);
        awaitCaughtUp();
        JsonNode after = api.get("/admin/v1/projections/checksums", ADMIN_TOKEN).body();
        assertThat(after).isEqualTo(before);
        assertThat(api.get("/admin/v1/projections", ADMIN_TOKEN).body())
                .allSatisfy(projection -> assertThat(projection.get("rebuild").isNull()).as("no rebuild in progress").isTrue());
    }

    private void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode list = api.get("/admin/v1/projections", ADMIN_TOKEN).body();
            for (JsonNode projection : list) {
                if (!projection.get("caughtUp").asBoolean()) {
                    return false;
                }
            }
            return true;
        });
    }

    private static java.util.List<String> names(JsonNode checksums) {
        java.util.List<String> names = new java.util.ArrayList<>();
        checksums.forEach(node -> names.add(node.get("name").asString()));
        return names;
    }

    private static JsonNode find(JsonNode checksums, String name) {
        for (JsonNode node : checksums) {
            if (node.get("name").asString().equals(name)) {
                return node;
            }
        }
        throw new AssertionError("no checksum for " + name);
    }
}
