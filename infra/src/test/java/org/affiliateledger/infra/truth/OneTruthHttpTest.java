package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One value per fact, one name per concept: a POST answers the recorded timestamp every read and webhook shows; the
 * paid reference is externalReference everywhere; resources are camelCase; a webhook payload is an object; event
 * conversions say what they earned and why.
 */
class OneTruthHttpTest extends LedgerIntegrationTest {
    private String key;

    @BeforeEach
    void merchant() {
        key = onboardMerchant("One truth");
    }

    private void registerEndpoint() {
        Api.Response endpoint = api.post("/api/v1/webhook-endpoints", key, Api.json(Map.of("url", "http://127.0.0.1:9/hooks")));
        assertThat(endpoint.status()).isEqualTo(201);
    }

    @Test
    void anAffiliatesActivationTimeIsOneValueInThePostEveryReadAndTheWebhook() {
        registerEndpoint();
        for (int i = 0; i < 5; i++) {
            Api.Response created = api.post("/api/v1/affiliates", key,
                    Api.json(Map.of("name", "Tim " + i, "email", "tim" + i + "@example.com", "status", "active")));
            assertThat(created.status()).isEqualTo(201);
            Api.Response read = api.get("/api/v1/affiliates/" + created.text("id"), key, created);
            assertThat(read.text("createdAt")).isEqualTo(created.text("createdAt"));
            assertThat(read.text("activatedAt")).isEqualTo(created.text("activatedAt"));
            JsonNode listed = api.get("/api/v1/affiliates?email=tim" + i + "@example.com", key, created).body().at("/data/0");
            assertThat(listed.get("activatedAt").asString()).isEqualTo(created.text("activatedAt"));
        }
        JsonNode messages = eventually(() -> api.get("/api/v1/webhook-messages?type=affiliate.approved", key),
                r -> r.body().get("data").size() == 5).body().get("data");
        for (JsonNode message : messages) {
            JsonNode payload = message.get("payload");
            assertThat(payload.isObject()).as("the payload is a JSON object").isTrue();
            String affiliate = payload.at("/data/affiliateId").asString();
            assertThat(payload.get("timestamp").asString())
                    .isEqualTo(api.get("/api/v1/affiliates/" + affiliate, key).text("activatedAt"));
        }
    }

    @Test
    void anApiKeysCreationTimeIsOneValueAndKeyResourcesAreCamelCase() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api.Response issued = api.post("/api/v1/api-keys", key,
                    "{\"name\": \"k" + i + "\", \"scopes\": [\"read\"], \"rate_limits\": {\"read_per_minute\": 600}}");
            assertThat(issued.status()).isEqualTo(201);
            assertThat(issued.body().has("rate_limits")).isFalse();
            assertThat(issued.body().at("/rateLimits/readPerMinute").asInt()).isEqualTo(600);
            Api.Response read = api.get("/api/v1/api-keys/" + issued.text("id"), key);
            assertThat(read.text("createdAt")).isEqualTo(issued.text("createdAt"));
            assertThat(read.body().at("/rateLimits/readPerMinute").asInt()).isEqualTo(600);
            keys.add(issued.text("id"));
        }
        Api.Response merchant = api.post("/admin/v1/merchants", ADMIN_TOKEN, Api.json(Map.of("name", "Timely")));
        String first = merchant.body().at("/apiKey/key").asString();
        JsonNode listed = api.get("/api/v1/api-keys", first).body().at("/data/0");
        assertThat(listed.get("createdAt").asString()).isEqualTo(merchant.body().at("/apiKey/createdAt").asString());
        assertThat(listed.has("rateLimits")).isTrue();
    }

    @Test
    void thePaidReferenceIsExternalReferenceOnCommissionsPayoutsAndWebhooks() {
        registerEndpoint();
        String affiliate = activeAffiliate(key, "Paid Partner");
        String byHand = approvedCommission(affiliate);
        String oldSpelling = approvedCommission(affiliate);

        assertThat(api.post("/api/v1/commissions/" + byHand + "/pay", key, "{\"external_reference\": \"PAYPAL-7781\"}").status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/commissions/" + oldSpelling + "/pay", key, "{\"reference\": \"PAYPAL-7782\"}").status())
                .as("the earlier spelling is still accepted").isEqualTo(200);
        assertThat(api.post("/api/v1/commissions/" + approvedCommission(affiliate) + "/pay", key,
                "{\"reference\": \"a\", \"external_reference\": \"b\"}").status()).as("both spellings").isEqualTo(400);

        // what this test is about is the field's name, not how soon the read model shows it (bounded waits are
        // ReadYourWritesHttpTest's): wait for the payment to be projected
        Api.Response paid = eventually(() -> api.get("/api/v1/commissions/" + byHand, key),
                r -> r.text("externalReference") != null);
        assertThat(paid.text("externalReference")).isEqualTo("PAYPAL-7781");
        assertThat(paid.body().has("paidReference")).isFalse();
        assertThat(eventually(() -> api.get("/api/v1/commissions/" + oldSpelling, key), r -> r.text("externalReference") != null)
                .text("externalReference")).isEqualTo("PAYPAL-7782");
        JsonNode message = eventually(() -> api.get("/api/v1/webhook-messages?type=commission.paid", key),
                r -> r.body().get("data").size() == 2).body().get("data");
        for (JsonNode m : message) {
            assertThat(m.at("/payload/data/externalReference").asString()).startsWith("PAYPAL-778");
            assertThat(m.at("/payload/data").has("reference")).isFalse();
        }

        // through a payout without a reference: none, and payoutId names the payout
        String viaPayout = approvedCommission(affiliate);
        Api.Response payout = api.post("/api/v1/payouts", key, Api.json(Map.of("affiliate_id", affiliate)));
        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(201);
        String payoutId = payout.text("id");
        assertThat(api.post("/api/v1/payouts/" + payoutId + "/sent", key, "{}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/payouts/" + payoutId + "/paid", key, null).status()).isEqualTo(200);
        JsonNode commission = eventually(() -> api.get("/api/v1/commissions/" + viaPayout, key),
                r -> "paid".equals(r.text("status"))).body();
        assertThat(commission.get("externalReference").isNull()).isTrue();
        assertThat(commission.get("payoutId").asString()).isEqualTo(payoutId);
    }

    @Test
    void anEventConversionShowsItsFlatRewardAndTheRateItReallyUsed() {
        assertThat(api.patch("/api/v1/program", key, """
                {"event_rewards": {"trial_started": {"flat_amount_cents": 500}, "signup": {"flat_amount_cents": 200, "rate": "10"}}}""")
                .status()).isEqualTo(200);
        String affiliate = activeAffiliate(key, "Event Partner");

        Api.Response trial = api.post("/api/v1/events", key, Api.json(Map.of("event_type", "trial_started", "external_id", "sub_1",
                "affiliate_id", affiliate)));
        assertThat(trial.status()).isEqualTo(201);
        assertThat(trial.body().get("commissionCents").asLong()).isEqualTo(500);
        assertThat(trial.body().get("flatRewardCents").asLong()).isEqualTo(500);
        assertThat(trial.body().get("commissionRate").isNull()).as("a flat reward has no rate").isTrue();
        assertThat(trial.text("stripeChargeId")).isEqualTo("event:sub_1");
        assertThat(trial.text("source")).isEqualTo("event");
        assertThat(trial.text("sourceKey")).isEqualTo("sub_1");
        Api.Response read = api.get("/api/v1/conversions/" + trial.text("id"), key);
        assertThat(read.body().get("flatRewardCents").asLong()).isEqualTo(500);
        assertThat(read.body().get("commissionRate").isNull()).isTrue();
        assertThat(read.text("eventType")).isEqualTo("trial_started");

        Api.Response signup = api.post("/api/v1/events", key, Api.json(Map.of("event_type", "signup", "affiliate_id", affiliate,
                "amount", 1000)));
        assertThat(signup.body().get("commissionCents").asLong()).isEqualTo(300);
        assertThat(signup.body().get("flatRewardCents").asLong()).isEqualTo(200);
        assertThat(signup.text("commissionRate")).isEqualTo("10");
        assertThat(signup.text("stripeChargeId")).as("without an external id").isEqualTo("event");
        assertThat(signup.body().get("sourceKey").isNull()).isTrue();

        Api.Response manual = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 1000)));
        assertThat(manual.text("stripeChargeId")).isEqualTo("manual");
        assertThat(manual.body().get("flatRewardCents").isNull()).isTrue();
        assertThat(manual.text("commissionRate")).isEqualTo("10");
    }

    private String approvedCommission(String affiliate) {
        Api.Response conversion = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 1000)));
        assertThat(conversion.status()).as(conversion.body().toString()).isEqualTo(201);
        String commission = conversion.text("commissionId");
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, null).status()).isEqualTo(200);
        return commission;
    }
}
