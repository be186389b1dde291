package org.affiliateledger.infra.links;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fraud rule fires over HTTP: a fraud.flagged message, a flagged commission that is not approved although its
 * hold period (0 days) is over, approval refused until the flag is cleared, then approved.
 */
class FraudRulesHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_fraudRulesTestSecret0000000000";
    private String key;
    private String merchant;
    private String affiliate;
    private String email;

    @BeforeEach
    void program() {
        key = onboardMerchant("Fraud");
        merchant = merchantIdOf(key);
        Api.Response patched = api.patch("/api/v1/program", key, """
                {"hold_days": 0, "landing_url": "https://shop.example/", "stripe_webhook_secret": "%s",
                 "fraud_rules": {"self_referral": {"enabled": true},
                                 "velocity": {"enabled": true, "max_conversions": 1, "window_minutes": 60},
                                 "refund_rate": {"enabled": true, "max_percent": "40", "min_conversions": 2}}}""".formatted(SECRET));
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        email = "self." + System.nanoTime() + "@example.com";
        Api.Response created = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Self Ish", "email", email, "status", "active")));
        assertThat(created.status()).isEqualTo(201);
        affiliate = created.text("id");
        assertThat(api.post("/api/v1/webhook-endpoints", key,
                "{\"url\": \"http://127.0.0.1:9/hooks\", \"event_types\": [\"fraud.flagged\"]}").status()).isEqualTo(201);
    }

    private String commissionOf(Api.Response conversion) {
        assertThat(conversion.status()).as(conversion.body().toString()).isEqualTo(201);
        return eventually(() -> api.get("/api/v1/conversions/" + conversion.text("id"), key), r -> r.status() == 200)
                .text("commissionId");
    }

    private Api.Response commission(String id) {
        return api.get("/api/v1/commissions/" + id, key);
    }

    /** A clean conversion of the same program is approved by its 0-day hold; the flagged one stays pending. */
    private void heldWhileAnUnflaggedOneIsApproved(String flagged, String rule) {
        String clean = commissionOf(api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 1000}".formatted(affiliate)));
        eventually(() -> commission(clean), r -> "approved".equals(r.text("status")));
        Api.Response held = eventually(() -> commission(flagged), r -> r.body().get("flagged").asBoolean());
        assertThat(held.text("status")).isEqualTo("pending");
        assertThat(held.text("holdReason")).contains("fraud: " + rule);
        Api.Response message = eventually(() -> api.get("/api/v1/webhook-messages?type=fraud.flagged", key),
                r -> r.body().get("data").size() >= 1);
        assertThat(message.body().get("data").toString()).contains(rule);
    }

    private void clearedThenApproved(String flagged) {
        Api.Response refused = api.post("/api/v1/commissions/" + flagged + "/approve", key, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("held by fraud rule", "clear-flag");
        Api.Response cleared = api.post("/api/v1/commissions/" + flagged + "/clear-flag", key, "{\"note\": \"reviewed\"}");
        assertThat(cleared.status()).as(cleared.body().toString()).isEqualTo(200);
        Api.Response approved = eventually(() -> commission(flagged), r -> "approved".equals(r.text("status")));
        assertThat(approved.body().get("flagged").asBoolean()).isFalse();
        assertThat(api.post("/api/v1/commissions/" + flagged + "/clear-flag", key, null).status()).isEqualTo(409);
    }

    @Test
    void aSelfReferralIsFlaggedHeldAndApprovableOnceCleared() {
        String flagged = commissionOf(api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 4900, \"customer_email\": \"%s\"}".formatted(affiliate, email.toUpperCase())));
        heldWhileAnUnflaggedOneIsApproved(flagged, "self_referral");
        assertThat(eventually(() -> api.get("/api/v1/commissions?flagged=true", key), r -> r.body().get("data").size() == 1)
                .body().at("/data/0/id").asString()).isEqualTo(flagged);
        clearedThenApproved(flagged);
    }

    @Test
    void aSelfReferralEventIsFlaggedToo() {
        assertThat(api.patch("/api/v1/program", key, "{\"event_rewards\": {\"signup\": {\"flat_amount_cents\": 300}}}").status())
                .isEqualTo(200);
        Api.Response signup = api.post("/api/v1/events", key,
                "{\"event_type\": \"signup\", \"affiliate_id\": \"%s\", \"customer_email\": \"%s\"}".formatted(affiliate, email));
        assertThat(signup.status()).as(signup.body().toString()).isEqualTo(201);
        heldWhileAnUnflaggedOneIsApproved(signup.text("commissionId"), "self_referral");
    }

    @Test
    void tooManyConversionsFromOneSessionAreFlagged() {
        String shortCode = eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> r.status() == 200).text("shortCode");
        String location = api.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/r/" + merchant + "/" + shortCode)).GET(), null).header("Location");
        String session = location.substring(location.indexOf("aff_sess=") + "aff_sess=".length());
        String first = commissionOf(api.post("/api/v1/conversions", key,
                "{\"affiliate_session_id\": \"%s\", \"amount_cents\": 1000}".formatted(session)));
        String second = commissionOf(api.post("/api/v1/conversions", key,
                "{\"affiliate_session_id\": \"%s\", \"amount_cents\": 1000}".formatted(session)));
        heldWhileAnUnflaggedOneIsApproved(second, "velocity");
        assertThat(commission(first).body().get("flagged").asBoolean()).isFalse();
        clearedThenApproved(second);
    }

    @Test
    void anAffiliateWithTooManyRefundsIsFlagged() {
        for (int i = 1; i <= 2; i++) {
            int n = i;
            String sale = event("charge.succeeded.json", ch -> {
                ch.put("id", "ch_refund_rate_" + n);
                ch.put("payment_intent", "pi_refund_rate_" + n);
                ch.put("amount", 4900);
                ch.put("amount_captured", 4900);
                ch.put("currency", "usd");
                ch.putObject("metadata").put("affiliate_id", affiliate);
            });
            assertThat(deliver(api, port, merchant, SECRET, sale).text("outcome")).contains("recorded conversion");
        }
        String refund = event("charge.refunded.json", ch -> {
            ch.put("id", "ch_refund_rate_1");
            ch.put("payment_intent", "pi_refund_rate_1");
            ch.put("amount", 4900);
            ch.put("amount_refunded", 4900);
        });
        assertThat(deliver(api, port, merchant, SECRET, refund).text("outcome")).contains("refund");
        // 1 of 2 earlier conversions refunded: 50 % > 40 %
        Api.Response third = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"%s\", \"amount_cents\": 2000}".formatted(affiliate));
        String flagged = commissionOf(third);
        Api.Response held = eventually(() -> commission(flagged), r -> r.body().get("flagged").asBoolean());
        assertThat(held.text("holdReason")).contains("refund_rate", "1 of the affiliate's 2 conversions");
        clearedThenApproved(flagged);
    }
}
