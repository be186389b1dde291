package org.affiliateledger.infra.stripe;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Program settings of this issue (hold_days, write-only Stripe secrets), {@code POST …/pay}, and the snippet. */
class ProgramStripeSettingsHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_settingsSecretValue0123456789";
    private static final String API_KEY = "sk_test_51SettingsApiKeyValue0123456789";
    private String key;

    @Autowired
    private JdbcClient jdbc;

    @BeforeEach
    void merchant() {
        key = onboardMerchant("Settings");
    }

    @Test
    void startsWithAThirtyDayHoldAndNoStripeSecrets() {
        Api.Response program = eventually(() -> api.get("/api/v1/program", key), r -> r.status() == 200);
        assertThat(program.body().get("holdDays").asInt()).isEqualTo(30);
        assertThat(program.body().get("stripeWebhookSecret").get("set").asBoolean()).isFalse();
        assertThat(program.body().get("stripeApiKey").get("set").asBoolean()).isFalse();
    }

    @Test
    void keepsStripeSecretsWriteOnlyAndOutOfTheEventStore() {
        Api.Response changed = api.patch("/api/v1/program", key,
                Api.json(Map.of("stripe_webhook_secret", SECRET, "stripe_api_key", API_KEY, "hold_days", 14)));
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.body().get("holdDays").asInt()).isEqualTo(14);
        assertThat(changed.body().get("stripeWebhookSecret").get("last4").asString()).isEqualTo("6789");
        assertThat(changed.body().get("stripeApiKey").get("last4").asString()).isEqualTo("6789");
        assertThat(changed.raw().body()).doesNotContain(SECRET).doesNotContain(API_KEY);

        Api.Response read = eventually(() -> api.get("/api/v1/program", key),
                r -> r.status() == 200 && r.body().get("stripeWebhookSecret").get("set").asBoolean() && r.body().get("holdDays").asInt() == 14
                        && r.body().get("stripeApiKey").get("set").asBoolean());
        assertThat(read.raw().body()).doesNotContain(SECRET).doesNotContain(API_KEY);
        assertThat(read.body().get("stripeApiKey").get("set").asBoolean()).isTrue();

        String merchant = read.text("merchantId");
        List<String> sealed = jdbc.sql("SELECT sealed FROM merchant_secret WHERE merchant_id = ?").param(merchant).query(String.class).list();
        assertThat(sealed).hasSize(2).noneMatch(s -> s.contains(SECRET) || s.contains(API_KEY) || s.contains("whsec_"));
        long leaks = jdbc.sql("""
                        SELECT count(*) FROM domainevententry
                        WHERE convert_from(payload, 'UTF8') LIKE ? OR convert_from(payload, 'UTF8') LIKE ?""")
                .params("%" + SECRET + "%", "%" + API_KEY + "%").query(Long.class).single();
        assertThat(leaks).isZero();

        Api.Response removed = api.patch("/api/v1/program", key, "{\"stripe_api_key\": \"\"}");
        assertThat(removed.body().get("stripeApiKey").get("set").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM merchant_secret WHERE merchant_id = ?").param(merchant).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void refusesBadSettingsWith400AndChangesNothing() {
        List<String> bad = List.of(
                "{\"hold_days\": -1}", "{\"hold_days\": 366}", "{\"hold_days\": \"30\"}", "{\"hold_days\": 1.5}",
                "{\"stripe_webhook_secret\": \"not-a-secret\"}", "{\"stripe_webhook_secret\": \"whsec_\"}",
                "{\"stripe_webhook_secret\": 42}", "{\"stripe_api_key\": \"pk_live_publishableKeyIsNotSecret\"}",
                "{\"stripe_api_key\": \"sk_test_bad key with spaces\"}");
        for (String body : bad) {
            Api.Response response = api.patch("/api/v1/program", key, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        Api.Response program = eventually(() -> api.get("/api/v1/program", key), r -> r.status() == 200);
        assertThat(program.body().get("holdDays").asInt()).isEqualTo(30);
        assertThat(program.body().get("stripeWebhookSecret").get("set").asBoolean()).isFalse();
        assertThat(api.patch("/api/v1/program", key, "{\"hold_days\": -1}").text("detail")).contains("hold_days");
    }

    @Test
    void needsTheAdminScopeToSetStripeSecrets() {
        Api.Response issued = api.post("/api/v1/api-keys", key, "{\"name\": \"backend\", \"scopes\": [\"read\", \"write\"]}");
        assertThat(issued.status()).isEqualTo(201);
        Api.Response refused = api.patch("/api/v1/program", issued.text("key"), Api.json(Map.of("stripe_webhook_secret", SECRET)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("detail")).contains("admin");
    }

    @Test
    void paysApprovedCommissionsOnlyAndSaysWhy() {
        String affiliate = activeAffiliate(key, "Paid Person");
        api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 10000}");
        String commission = eventually(() -> api.get("/api/v1/commissions?affiliate_id=" + affiliate, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();

        Api.Response early = api.post("/api/v1/commissions/" + commission + "/pay", key, null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.text("detail")).isEqualTo("cannot pay commission " + commission + ": it is pending (allowed from: approved)");

        api.post("/api/v1/commissions/" + commission + "/approve", key, null);
        for (String body : List.of("{\"reference\": 42}", "{\"reference\": \"\"}", "{\"reference\": \"" + "x".repeat(256) + "\"}")) {
            assertThat(api.post("/api/v1/commissions/" + commission + "/pay", key, body).status()).as(body).isEqualTo(400);
        }
        assertThat(api.post("/api/v1/commissions/com_01hx5m3k8q9v7w2r4t6y0z1a2b/pay", key, null).status()).isEqualTo(404);

        Api.Response paid = api.post("/api/v1/commissions/" + commission + "/pay", key, "{\"reference\": \"PAYPAL-7781\"}");
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.text("status")).isEqualTo("paid");
        Api.Response read = eventually(() -> api.get("/api/v1/commissions/" + commission, key), r -> "paid".equals(r.text("status")));
        assertThat(read.text("externalReference")).isEqualTo("PAYPAL-7781");
        eventually(() -> api.get("/api/v1/conversions?status=paid&affiliate_id=" + affiliate, key), r -> r.body().get("data").size() == 1);
    }

    @Test
    void servesTheCheckoutSnippetPubliclyAndCacheable() {
        Api.Response snippet = api.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/snippet.js")).GET(), null);
        assertThat(snippet.status()).isEqualTo(200);
        assertThat(snippet.contentType()).startsWith("application/javascript");
        assertThat(snippet.header("Cache-Control")).contains("public").contains("max-age");
        assertThat(snippet.header("ETag")).isNotBlank();
        assertThat(snippet.raw().body())
                .contains("p.get('ref')").contains("p.get('aff_sess')")
                .contains("'aff_ref'").contains("sessionStorage.setItem")
                .contains("affiliate_id").contains("affiliate_session_id");
    }
}
