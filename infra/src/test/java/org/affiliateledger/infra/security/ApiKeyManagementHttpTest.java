package org.affiliateledger.infra.security;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyManagementHttpTest extends LedgerIntegrationTest {
    @Autowired
    RequestAudit audit;
    private String admin;

    @BeforeEach
    void merchant() {
        admin = onboardMerchant("Keys");
    }

    @Test
    void issuesAScopedKeyWhoseSecretIsShownOnceAndWorksAtOnce() {
        Api.Response issued = issue("{\"name\": \"reporting\", \"scopes\": [\"read\"]}");

        assertThat(issued.status()).isEqualTo(201);
        String key = issued.text("key");
        assertThat(key).matches("alk_[0-9A-Za-z]{38}");
        assertThat(issued.text("prefix")).isEqualTo(key.substring(0, 12));
        assertThat(api.get("/api/v1/affiliates", key).status()).isEqualTo(200);

        Api.Response listed = api.get("/api/v1/api-keys", admin);
        assertThat(listed.body().toString()).doesNotContain(key);
        JsonNode reporting = find(listed, issued.text("id"));
        assertThat(reporting.get("scopes").get(0).asString()).isEqualTo("read");
        assertThat(reporting.get("prefix").asString()).isEqualTo(issued.text("prefix"));
        assertThat(reporting.get("createdAt").asString()).isNotBlank();
    }

    @Test
    void refusesWritesToAReadOnlyKeyWith403NamingTheScope() {
        String readOnly = issue("{\"name\": \"ro\", \"scopes\": [\"read\"]}").text("key");

        Api.Response write = api.post("/api/v1/affiliates", readOnly, "{\"name\": \"X\", \"email\": \"x@example.com\"}");
        Api.Response manageKeys = api.get("/api/v1/api-keys", readOnly);

        assertThat(write.status()).isEqualTo(403);
        assertThat(write.contentType()).startsWith("application/problem+json");
        assertThat(write.text("detail")).contains("'write'");
        assertThat(manageKeys.status()).isEqualTo(403);
        assertThat(manageKeys.text("detail")).contains("'admin'");
        assertThat(eventually(() -> api.get("/api/v1/affiliates", admin), r -> r.status() == 200).body().get("data")).isEmpty();
    }

    @Test
    void aWriteKeyCannotChangeProgramSettings() {
        String writer = issue("{\"name\": \"backend\", \"scopes\": [\"read\", \"write\"]}").text("key");

        assertThat(api.post("/api/v1/affiliates", writer, "{\"name\": \"Y\", \"email\": \"y@example.com\"}").status()).isEqualTo(201);
        assertThat(api.patch("/api/v1/program", writer, "{\"default_rate\": \"50\"}").status()).isEqualTo(403);
    }

    @Test
    void revocationTakesEffectImmediately() {
        Api.Response issued = issue("{\"name\": \"leaked\", \"scopes\": [\"*\"]}");
        String key = issued.text("key");
        assertThat(api.get("/api/v1/affiliates", key).status()).isEqualTo(200);

        Api.Response revoked = api.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/api-keys/" + issued.text("id"))).DELETE(), admin);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/affiliates", key).status()).isEqualTo(401);
        assertThat(find(api.get("/api/v1/api-keys", admin), issued.text("id")).get("revokedAt").isNull()).isFalse();
    }

    @Test
    void refusesUnknownScopesAndInvalidLimits() {
        assertThat(issue("{\"name\": \"x\", \"scopes\": [\"superuser\"]}").status()).isEqualTo(400);
        assertThat(issue("{\"name\": \"x\", \"scopes\": []}").status()).isEqualTo(400);
        assertThat(issue("{\"name\": \"x\", \"scopes\": [\"read\"], \"rate_limits\": {\"read_per_minute\": 0}}").status())
                .isEqualTo(400);
        assertThat(issue("{\"scopes\": [\"read\"]}").status()).isEqualTo(400);
    }

    @Test
    void setsAndChangesPerKeyRateLimits() {
        Api.Response issued = issue("{\"name\": \"limited\", \"scopes\": [\"read\"], \"rate_limits\": {\"read_per_minute\": 5}}");
        assertThat(issued.body().get("rateLimits").get("readPerMinute").asInt()).isEqualTo(5);

        Api.Response changed = api.patch("/api/v1/api-keys/" + issued.text("id"), admin,
                "{\"rate_limits\": {\"read_per_minute\": 7, \"write_per_minute\": 3}}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("rateLimits").get("readPerMinute").asInt()).isEqualTo(7);
        assertThat(changed.body().get("rateLimits").get("writePerMinute").asInt()).isEqualTo(3);
    }

    @Test
    void keepsAnAuditLogOfEachKeysRequestsAndLifecycle() {
        Api.Response issued = issue("{\"name\": \"audited\", \"scopes\": [\"read\"]}");
        String key = issued.text("key");
        api.get("/api/v1/affiliates?limit=5", key);
        api.post("/api/v1/affiliates", key, "{}");
        api.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/api-keys/" + issued.text("id"))).DELETE(), admin);
        audit.flush();

        Api.Response log = api.get("/api/v1/api-keys/" + issued.text("id") + "/audit", admin);

        assertThat(log.status()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        log.body().get("data").forEach(e -> lines.add(e.get("action").asString() + " " + text(e, "method") + " "
                + text(e, "path") + " " + text(e, "status") + " " + text(e, "actor")));
        assertThat(lines).containsExactlyInAnyOrder(
                "issued null null null " + keyIdOf(admin),
                "request GET /api/v1/affiliates 200 null",
                "request POST /api/v1/affiliates 403 null",
                "revoked null null null " + keyIdOf(admin));
        assertThat(log.body().get("data").get(0).get("clientAddress")).isNotNull();
        assertThat(find(api.get("/api/v1/api-keys", admin), issued.text("id")).get("lastUsedAt").isNull()).isFalse();
    }

    @Test
    void anotherMerchantsKeyIsNotFound() {
        String keyId = issue("{\"name\": \"mine\", \"scopes\": [\"read\"]}").text("id");
        String other = onboardMerchant("Other keys");

        assertThat(api.get("/api/v1/api-keys/" + keyId, other).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/api-keys/" + keyId + "/audit", other).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/api-keys/" + keyId, other, "{\"rate_limits\": {\"read_per_minute\": 1}}").status()).isEqualTo(404);
        assertThat(api.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/api-keys/" + keyId)).DELETE(), other).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/api-keys/" + keyId, admin).status()).isEqualTo(200);
    }

    private String keyIdOf(String key) {
        return api.get("/api/v1/api-keys", key).body().get("data").findValuesAsString("id").stream()
                .filter(id -> find(api.get("/api/v1/api-keys", key), id).get("name").asString().equals("default"))
                .findFirst().orElseThrow();
    }

    private Api.Response issue(String body) {
        return api.post("/api/v1/api-keys", admin, body);
    }

    private static JsonNode find(Api.Response list, String id) {
        for (JsonNode key : list.body().get("data")) {
            if (key.get("id").asString().equals(id)) {
                return key;
            }
        }
        throw new AssertionError("key " + id + " not listed in " + list.body());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "null" : value.asString();
    }
}
