package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** No dead ends: the last admin key stays, and the operator lists merchants and issues keys for them, audited. */
class OperatorHttpTest extends LedgerIntegrationTest {
    @Autowired
    org.affiliateledger.infra.security.RequestAudit audit;

    private Api.Response createMerchant(String name) {
        Api.Response created = api.post("/admin/v1/merchants", ADMIN_TOKEN, Api.json(Map.of("name", name)));
        assertThat(created.status()).isEqualTo(201);
        return created;
    }

    private Api.Response revoke(String keyId, String as) {
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/api-keys/" + keyId)).DELETE(), as);
    }

    @Test
    void theLastAdminKeyOfAMerchantCannotBeRevoked() {
        Api.Response merchant = createMerchant("Careful");
        String key = merchant.body().at("/apiKey/key").asString();
        String keyId = merchant.body().at("/apiKey/id").asString();

        Api.Response refused = revoke(keyId, key);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("last_admin_key");
        assertThat(refused.text("detail")).contains("last active admin key");
        assertThat(api.get("/api/v1/program", key).status()).as("still works").isEqualTo(200);

        String reader = api.post("/api/v1/api-keys", key, "{\"name\": \"ro\", \"scopes\": [\"read\"]}").text("id");
        assertThat(revoke(reader, key).status()).as("a read key is not an admin key").isEqualTo(204);
        Api.Response second = api.post("/api/v1/api-keys", key, "{\"name\": \"second admin\", \"scopes\": [\"admin\"]}");
        assertThat(revoke(keyId, key).status()).as("another admin key remains").isEqualTo(204);
        String secondKey = second.text("key");
        assertThat(revoke(second.text("id"), secondKey).status()).isEqualTo(409);
    }

    @Test
    void twoAdminKeysRevokingEachOtherAtTheSameMomentLeaveOne() throws Exception {
        Api.Response merchant = createMerchant("Racing revocations");
        String firstKey = merchant.body().at("/apiKey/key").asString();
        String firstId = merchant.body().at("/apiKey/id").asString();
        Api.Response second = api.post("/api/v1/api-keys", firstKey, "{\"name\": \"twin\", \"scopes\": [\"*\"]}");
        String secondKey = second.text("key");
        String secondId = second.text("id");

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (String[] pair : List.of(new String[]{secondId, firstKey}, new String[]{firstId, secondKey})) {
            Api client = new Api(port);
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/api-keys/" + pair[0]))
                        .DELETE(), pair[1]).status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> call : calls) {
            statuses.add(call.get());
        }
        // one revocation goes through; the other is refused (409), or its caller was the key just revoked (401)
        assertThat(statuses).containsOnlyOnce(204);
        assertThat(statuses).anyMatch(status -> status == 409 || status == 401);
        String survivor = api.get("/api/v1/program", firstKey).status() == 200 ? firstKey : secondKey;
        JsonNode keys = api.get("/api/v1/api-keys", survivor).body().get("data");
        long active = 0;
        for (JsonNode k : keys) {
            active += k.get("revokedAt").isNull() ? 1 : 0;
        }
        assertThat(active).isEqualTo(1);
    }

    @Test
    void theOperatorListsMerchantsByCursor() {
        Set<String> created = new HashSet<>();
        Api.Response last = null;
        for (int i = 0; i < 3; i++) {
            last = createMerchant("Listed " + i);
            created.add(last.text("id"));
        }
        assertThat(last.header("X-Ledger-Position")).isNotNull();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < 1000 && !seen.containsAll(created); page++) {
            Api.Response listed = api.get("/admin/v1/merchants?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN_TOKEN, last);
            assertThat(listed.status()).isEqualTo(200);
            for (JsonNode merchant : listed.body().get("data")) {
                seen.add(merchant.get("id").asString());
                if (created.contains(merchant.get("id").asString())) {
                    assertThat(merchant.get("name").asString()).startsWith("Listed ");
                    assertThat(merchant.get("currency").asString()).isEqualTo("USD");
                    assertThat(merchant.hasNonNull("createdAt")).isTrue();
                }
            }
            cursor = listed.text("next_cursor");
            if (cursor == null) {
                break;
            }
        }
        assertThat(seen).containsAll(created);
        assertThat(api.get("/admin/v1/merchants", "alk_not_the_operator").status()).isEqualTo(401);
    }

    @Test
    void theOperatorIssuesAKeyForAMerchantAndItsAuditLogSaysSo() {
        Api.Response merchant = createMerchant("Locked out");
        String merchantId = merchant.text("id");

        Api.Response issued = api.post("/admin/v1/merchants/" + merchantId + "/api-keys", ADMIN_TOKEN,
                "{\"name\": \"recovery\", \"scopes\": [\"*\"]}");

        assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
        String key = issued.text("key");
        assertThat(api.get("/api/v1/program", key).text("merchantId")).isEqualTo(merchantId);
        audit.flush();
        JsonNode log = api.get("/api/v1/api-keys/" + issued.text("id") + "/audit", key).body().get("data");
        JsonNode issuedEntry = null;
        for (JsonNode entry : log) {
            if ("issued".equals(entry.get("action").asString())) {
                issuedEntry = entry;
            }
        }
        assertThat(issuedEntry).isNotNull();
        assertThat(issuedEntry.get("actor").asString()).isEqualTo("operator");
        assertThat(api.post("/admin/v1/merchants/mer_01hx5v3k8m2n4p6q8r0s2t4v6w/api-keys", ADMIN_TOKEN,
                "{\"name\": \"x\", \"scopes\": [\"*\"]}").status()).isEqualTo(404);
        assertThat(api.post("/admin/v1/merchants/" + merchantId + "/api-keys", ADMIN_TOKEN,
                "{\"name\": \"x\", \"scopes\": [\"root\"]}").status()).isEqualTo(400);
        assertThat(api.post("/admin/v1/merchants/" + merchantId + "/api-keys", "adm_wrong",
                "{\"name\": \"x\", \"scopes\": [\"*\"]}").status()).isEqualTo(401);
    }
}
