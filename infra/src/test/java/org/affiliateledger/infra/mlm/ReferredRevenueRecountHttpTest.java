package org.affiliateledger.infra.mlm;

import org.affiliateledger.command.affiliate.ReferredRevenueRecount;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store from before referred revenue was counted: its earlier sales are added once from the event history, each
 * recount recorded on the affiliate (and a promotion it brings names the threshold), and a second run adds nothing.
 */
class ReferredRevenueRecountHttpTest extends LedgerIntegrationTest {
    @Autowired
    private ReferredRevenueRecount recount;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void salesRecordedBeforeCountingBeganAreAddedOnceAndTheRecountIsInTheAffiliatesHistory() {
        String key = onboardMerchant("Recount Co");
        assertThat(api.patch("/api/v1/program", key, """
                {"performance_tiers": [{"name": "silver", "min_revenue_cents": 20000, "rate": "15"}]}""").status()).isEqualTo(200);
        String counted = activeAffiliate(key, "Cora Counted");
        String crossing = activeAffiliate(key, "Cris Crossing");
        sale(key, counted, 15000);
        sale(key, counted, 10000);     // silver, promoted by the sale as usual
        sale(key, crossing, 15000);

        // as the store stood before the release: these sales were never counted; only a later 10000 of the second one was
        jdbc.update("DELETE FROM affiliate_referred_revenue WHERE affiliate_id IN (?, ?)", counted, crossing);
        jdbc.update("INSERT INTO affiliate_referred_revenue (merchant_id, affiliate_id, currency, revenue_cents) "
                + "SELECT merchant_id, ?, 'USD', 10000 FROM affiliates WHERE id = ?", crossing, crossing);
        // every other test's affiliates were counted all along: claim them, so this run recounts only these two
        jdbc.update("INSERT INTO referred_revenue_recounts (merchant_id, affiliate_id, currency, added_cents) "
                + "SELECT merchant_id, affiliate_id, currency, 0 FROM affiliate_referred_revenue WHERE affiliate_id <> ? "
                + "ON CONFLICT DO NOTHING", crossing);
        jdbc.update("DELETE FROM referred_revenue_recounts WHERE merchant_id = '*'");
        Timestamp installed = jdbc.queryForObject("SELECT installed_on FROM flyway_schema_history WHERE version = '40'", Timestamp.class);
        jdbc.update("UPDATE flyway_schema_history SET installed_on = now() + interval '1 second' WHERE version = '40'");
        try {
            assertThat(recount.recount()).isEqualTo(2);
            assertThat(recount.recount()).as("a finished run reads nothing again").isZero();
            jdbc.update("DELETE FROM referred_revenue_recounts WHERE merchant_id = '*'");
            assertThat(recount.recount()).as("each affiliate is recounted once").isZero();
        } finally {
            jdbc.update("UPDATE flyway_schema_history SET installed_on = ? WHERE version = '40'", installed);
        }

        assertThat(revenue(counted)).isEqualTo(25000);
        assertThat(revenue(crossing)).isEqualTo(25000);
        JsonNode recounted = eventOf(key, counted, "affiliate.referred_revenue_recounted");
        assertThat(recounted.get("addedCents").asLong()).isEqualTo(25000);
        assertThat(recounted.get("referredRevenueCents").asLong()).isEqualTo(25000);
        JsonNode promotion = eventOf(key, crossing, "affiliate.tier_promoted");
        assertThat(promotion.get("tierName").asString()).isEqualTo("silver");
        assertThat(promotion.get("referredRevenueCents").asLong()).isEqualTo(25000);
        assertThat(promotion.get("thresholdCents").asLong()).isEqualTo(20000);
        assertThat(eventually(() -> api.get("/api/v1/affiliates/" + crossing, key),
                r -> "silver".equals(r.text("performanceTier"))).text("performanceTier")).isEqualTo("silver");
        assertThat(jdbc.queryForObject("SELECT tier_name FROM affiliate_referred_revenue WHERE affiliate_id = ?",
                String.class, crossing)).isEqualTo("silver");
    }

    private void sale(String key, String affiliate, long amountCents) {
        Api.Response recorded = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate,
                "amount_cents", amountCents, "currency", "USD")));
        assertThat(recorded.status()).as(recorded.body().toString()).isEqualTo(201);
    }

    private long revenue(String affiliate) {
        return jdbc.queryForObject("SELECT revenue_cents FROM affiliate_referred_revenue WHERE affiliate_id = ?", Long.class, affiliate);
    }

    /** The data of the affiliate's last event of {@code type} in its history. */
    private JsonNode eventOf(String key, String affiliate, String type) {
        JsonNode history = eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/history", key),
                r -> r.status() == 200 && r.body().get("data").toString().contains(type)).body().get("data");
        JsonNode found = null;
        for (JsonNode item : history) {
            if (type.equals(item.get("type").asString())) {
                found = item.get("data");
            }
        }
        assertThat(found).as(history.toString()).isNotNull();
        return found;
    }
}
