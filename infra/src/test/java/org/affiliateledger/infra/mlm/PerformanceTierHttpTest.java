package org.affiliateledger.infra.mlm;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Referred revenue promotes an affiliate to a performance tier, announced as affiliate.tier_promoted, for later sales. */
class PerformanceTierHttpTest extends LedgerIntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private WebhookReceiver receiver;
    private String key;

    @BeforeEach
    void merchantWithAWebhookEndpoint() {
        receiver = new WebhookReceiver();
        key = onboardMerchant("Tiers Co");
        Api.Response endpoint = api.post("/api/v1/webhook-endpoints", key,
                Api.json(Map.of("url", receiver.url("/hooks"), "event_types", List.of("affiliate.tier_promoted"))));
        assertThat(endpoint.status()).as(endpoint.body().toString()).isEqualTo(201);
        receiver.secret(endpoint.text("secret"));
        Api.Response tiers = api.patch("/api/v1/program", key, """
                {"performance_tiers": [{"name": "silver", "min_revenue_cents": 20000, "rate": "15"},
                                       {"name": "gold", "min_revenue_cents": 1000000, "rate": "25"}]}""");
        assertThat(tiers.status()).as(tiers.body().toString()).isEqualTo(200);
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void theConversionThatCrossesAThresholdPromotesTheAffiliateForItsLaterConversionsOnly() {
        String affiliate = activeAffiliate(key, "Tia Tier");

        assertThat(commissionFor(affiliate, 15000, "USD")).isEqualTo(1500);   // 10 %, revenue 15000
        assertThat(commissionFor(affiliate, 10000, "USD")).isEqualTo(1000);   // crosses 20000: still 10 %
        assertThat(commissionFor(affiliate, 10000, "USD")).isEqualTo(1500);   // silver: 15 %

        JsonNode messages = eventually(() -> api.get("/api/v1/webhook-messages?type=affiliate.tier_promoted", key),
                r -> r.body().get("data").size() == 1).body().get("data");
        JsonNode data = messages.get(0).get("payload").get("data");
        assertThat(data.get("affiliateId").asString()).isEqualTo(affiliate);
        assertThat(data.get("tierName").asString()).isEqualTo("silver");
        assertThat(data.get("rate").asString()).isEqualTo("15");
        assertThat(data.get("referredRevenueCents").asLong()).isEqualTo(25000);
        assertThat(data.get("currency").asString()).isEqualTo("USD");
        eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> "silver".equals(r.text("performanceTier")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
        assertThat(receiver.received().get(0).verified()).isTrue();
        assertThat(receiver.received().get(0).body()).contains("\"type\":\"affiliate.tier_promoted\"");

        // the next threshold is not crossed again by more silver sales: still exactly one promotion
        assertThat(commissionFor(affiliate, 10000, "USD")).isEqualTo(1500);
        assertThat(api.get("/api/v1/webhook-messages?type=affiliate.tier_promoted", key).body().get("data").size()).isEqualTo(1);
    }

    @Test
    void concurrentConversionsAroundTheThresholdPromoteOnceAndAllSucceed() throws Exception {
        String affiliate = activeAffiliate(key, "Con Current");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Api.Response>> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(pool.submit(() -> new Api(port).post("/api/v1/conversions", key,
                        Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 10000)))));
            }
            for (Future<Api.Response> response : sent) {
                assertThat(response.get().status()).as(response.get().body().toString()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }
        eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> "silver".equals(r.text("performanceTier")));
        eventually(() -> api.get("/api/v1/commissions?affiliate_id=" + affiliate, key), r -> r.body().get("data").size() == 6);
        // the outbox runs in its own processor: wait for it, then there must be exactly one
        assertThat(eventually(() -> api.get("/api/v1/webhook-messages?type=affiliate.tier_promoted", key),
                r -> r.body().get("data").size() >= 1).body().get("data").size()).isEqualTo(1);
    }

    @Test
    void anExplicitOverrideWinsOverThePerformanceTier() {
        String affiliate = activeAffiliate(key, "Ovi Ride");
        commissionFor(affiliate, 20000, "USD");  // reaches silver

        assertThat(commissionFor(affiliate, 10000, "USD")).isEqualTo(1500);
        assertThat(api.patch("/api/v1/affiliates/" + affiliate, key, "{\"commission_override\": \"8\"}").status()).isEqualTo(200);
        assertThat(commissionFor(affiliate, 10000, "USD")).isEqualTo(800);
    }

    @Test
    void salesInAnotherCurrencyDoNotCountTowardsTheTiers() {
        String affiliate = activeAffiliate(key, "Eu Ro");

        commissionFor(affiliate, 50000, "EUR");
        assertThat(commissionFor(affiliate, 10000, "USD")).isEqualTo(1000);
        assertThat(commissionFor(affiliate, 10000, "USD")).isEqualTo(1000);   // USD revenue 20000 reached here
        assertThat(commissionFor(affiliate, 10000, "USD")).isEqualTo(1500);
    }

    private long commissionFor(String affiliate, long amountCents, String currency) {
        Api.Response recorded = api.post("/api/v1/conversions", key, Api.json(Map.of(
                "affiliate_id", affiliate, "amount_cents", amountCents, "currency", currency)));
        assertThat(recorded.status()).as(recorded.body().toString()).isEqualTo(201);
        return recorded.body().get("commissionCents").asLong();
    }
}
