package org.affiliateledger.infra.security;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyHttpTest extends LedgerIntegrationTest {
    private String key;
    private String affiliate;

    @BeforeEach
    void merchant() {
        key = onboardMerchant("Idempotency");
        affiliate = activeAffiliate(key, "Idem Potent");
    }

    @Test
    void replaysTheStoredResponseForTheSameKeyAndBody() {
        String body = "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 4900}";

        Api.Response first = post("retry-1", body);
        Api.Response retry = post("retry-1", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(eventually(() -> api.get("/api/v1/conversions", key), r -> r.body().get("data").size() == 1)
                .body().get("data")).hasSize(1);
    }

    @Test
    void answers422WhenTheSameKeyComesWithADifferentBody() {
        post("reuse", "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 100}");

        Api.Response different = post("reuse", "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 200}");

        assertThat(different.status()).isEqualTo(422);
        assertThat(different.contentType()).startsWith("application/problem+json");
        assertThat(different.text("detail")).contains("reuse");
    }

    @Test
    void replaysAClientErrorToo() {
        String body = "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 0}";

        assertThat(post("bad-1", body).status()).isEqualTo(400);
        Api.Response retry = post("bad-1", body);

        assertThat(retry.status()).isEqualTo(400);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void coexistsWithTheExternalIdConflict() {
        String body = "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 4900, \"external_id\": \"inv_idem\"}";
        Api.Response first = post("ext-1", body);

        Api.Response sameIdempotencyKey = post("ext-1", body);
        Api.Response newIdempotencyKey = post("ext-2", body);

        assertThat(sameIdempotencyKey.status()).isEqualTo(201);
        assertThat(sameIdempotencyKey.text("id")).isEqualTo(first.text("id"));
        assertThat(newIdempotencyKey.status()).isEqualTo(409);
    }

    @Test
    void scopesKeysToTheApiKey() {
        String otherKey = api.post("/api/v1/api-keys", key, "{\"name\": \"second\", \"scopes\": [\"*\"]}").text("key");
        String body = "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 300}";

        Api.Response mine = post("shared-name", body);
        Api.Response theirs = api.send(request("shared-name", body), otherKey);

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(theirs.text("id")).isNotEqualTo(mine.text("id"));
    }

    @Test
    void refusesAMalformedIdempotencyKey() {
        Api.Response response = post("has spaces in it", "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 1}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("detail")).contains("Idempotency-Key");
    }

    @Test
    void refusesBodiesOverTheSizeCapWith413() {
        String huge = "{\"name\": \"" + "x".repeat(70_000) + "\", \"email\": \"big@example.com\"}";

        Api.Response response = api.post("/api/v1/affiliates", key, huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private Api.Response post(String idempotencyKey, String body) {
        return api.send(request(idempotencyKey, body), key);
    }

    private HttpRequest.Builder request(String idempotencyKey, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/conversions"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
