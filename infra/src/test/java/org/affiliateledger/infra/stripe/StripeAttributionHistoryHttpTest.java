package org.affiliateledger.infra.stripe;

import tools.jackson.databind.node.ObjectNode;
import org.affiliateledger.command.stripe.StripeCustomerBackfill;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.StripeEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why a renewal was credited to an affiliate is in the audit history: the Stripe customer's attribution is an event
 * naming the Stripe notice, object and metadata value that decided it; attributions kept in the table of earlier
 * releases are migrated into such events; and a fraud flag keeps the counts its rule saw.
 */
class StripeAttributionHistoryHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_attributionHistorySecret0123456";
    private String key;
    private String merchant;
    private String affiliate;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StripeCustomerBackfill backfill;

    @BeforeEach
    void merchantWithAStripeEndpoint() {
        key = onboardMerchant("Attribution history");
        merchant = merchantIdOf(key);
        assertThat(api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", SECRET))).status()).isEqualTo(200);
        affiliate = activeAffiliate(key, "Re Newal");
    }

    private String outcome(String body) {
        Api.Response response = deliver(api, port, merchant, SECRET, body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.text("outcome");
    }

    private static String invoicePaid(String invoiceId, String customerId) {
        ObjectNode invoice = (ObjectNode) StripeEvents.load("resource.invoice.json");
        invoice.put("id", invoiceId);
        invoice.put("customer", customerId);
        invoice.put("amount_paid", 1500);
        invoice.put("currency", "usd");
        invoice.remove("subscription");
        ((ObjectNode) invoice.get("parent")).put("type", "subscription_details");
        ((ObjectNode) invoice.get("parent").get("subscription_details")).put("subscription", "sub_" + customerId);
        return envelope("invoice.paid", invoice);
    }

    private JsonNode attributionIn(String customerId) {
        Api.Response history = eventually(() -> api.get("/api/v1/history?type=program.stripe_customer_attributed", key),
                r -> r.status() == 200 && r.body().get("data").valueStream()
                        .anyMatch(item -> customerId.equals(item.get("data").get("customerId").asString())));
        return history.body().get("data").valueStream()
                .filter(item -> customerId.equals(item.get("data").get("customerId").asString())).findFirst().orElseThrow();
    }

    @Test
    void theHistoryShowsWhichStripeNoticeAndMetadataAttributedTheCustomerWhoseRenewalsFollow() {
        String shortCode = eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> r.status() == 200)
                .text("shortCode");
        ObjectNode customer = StripeEvents.object().put("id", "cus_history").put("object", "customer");
        customer.putObject("metadata").put("affiliate_id", shortCode);
        String notice = envelope("customer.updated", customer);
        String noticeId = tools.jackson.databind.json.JsonMapper.builder().build().readTree(notice).get("id").asString();
        assertThat(outcome(notice)).isEqualTo("customer cus_history attributed to " + affiliate);
        assertThat(outcome(invoicePaid("in_history_1", "cus_history"))).startsWith("recorded conversion");

        JsonNode item = attributionIn("cus_history");
        assertThat(item.get("resourceType").asString()).isEqualTo("program");
        assertThat(item.get("actor").asString()).isEqualTo("stripe:" + noticeId);
        JsonNode data = item.get("data");
        assertThat(data.get("affiliateId").asString()).isEqualTo(affiliate);
        assertThat(data.get("source").asString()).isEqualTo("customer_metadata");
        assertThat(data.get("decidedBy").asString()).isEqualTo("cus_history");
        assertThat(data.get("affiliateReference").asString()).isEqualTo(shortCode);
    }

    @Test
    void anAttributionKeptBeforeItWasAnEventIsMigratedIntoTheHistoryAndStillCreditsRenewals() {
        Instant learned = Instant.parse("2026-01-15T09:30:00Z");
        jdbc.sql("""
                        INSERT INTO stripe_customer (merchant_id, customer_id, affiliate_id, source, learned_at, updated_at)
                        VALUES (?, 'cus_legacy', ?, 'checkout', ?, now())""")
                .params(merchant, affiliate, Timestamp.from(learned))
                .update();
        assertThat(backfill.run()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM stripe_customer WHERE merchant_id = ?").params(merchant)
                .query(Long.class).single()).isZero();
        assertThat(backfill.run()).as("a second run finds nothing left").isZero();

        assertThat(outcome(invoicePaid("in_legacy_1", "cus_legacy"))).startsWith("recorded conversion");
        JsonNode item = attributionIn("cus_legacy");
        assertThat(item.get("actor").asString()).isEqualTo("system");
        assertThat(item.get("effectiveAt").asString()).startsWith("2026-01-15T09:30");
        assertThat(item.get("data").get("source").asString()).isEqualTo("checkout");
        assertThat(item.get("data").get("affiliateId").asString()).isEqualTo(affiliate);
    }

    @Test
    void aFraudFlagKeepsTheCountsItsRuleSaw() {
        assertThat(api.patch("/api/v1/program", key, """
                {"fraud_rules": {"refund_rate": {"enabled": true, "max_percent": "40", "min_conversions": 1}}}""").status())
                .isEqualTo(200);
        for (int i = 1; i <= 2; i++) {
            String charge = "ch_fraud_" + i + "_" + System.nanoTime();
            ObjectNode ch = StripeEvents.object().put("id", charge).put("object", "charge").put("captured", true)
                    .put("amount", 1000).put("amount_captured", 1000).put("currency", "usd");
            ch.putObject("metadata").put("affiliate_id", affiliate);
            assertThat(outcome(envelope("charge.succeeded", ch))).startsWith("recorded conversion");
            ch.put("amount_refunded", 1000).put("refunded", true);
            assertThat(outcome(envelope("charge.refunded", ch))).startsWith("refund");
        }
        ObjectNode third = StripeEvents.object().put("id", "ch_fraud_3_" + System.nanoTime()).put("object", "charge")
                .put("captured", true).put("amount", 1000).put("amount_captured", 1000).put("currency", "usd");
        third.putObject("metadata").put("affiliate_id", affiliate);
        assertThat(outcome(envelope("charge.succeeded", third))).startsWith("recorded conversion");

        // the second sale was already flagged (1 of 1 refunded); the third saw 2 of 2
        Api.Response history = eventually(() -> api.get("/api/v1/history?type=fraud.flagged", key),
                r -> r.status() == 200 && r.body().get("data").valueStream()
                        .anyMatch(item -> item.get("data").get("evidence").get("observedConversions").asLong() == 2));
        JsonNode evidence = history.body().get("data").valueStream().map(item -> item.get("data").get("evidence"))
                .filter(e -> e.get("observedConversions").asLong() == 2).findFirst().orElseThrow();
        assertThat(evidence.get("observedConversions").asLong()).isEqualTo(2);
        assertThat(evidence.get("refunded").asLong()).isEqualTo(2);
        assertThat(evidence.get("maxPercent").asString()).isEqualTo("40");
        assertThat(evidence.get("minConversions").asInt()).isEqualTo(1);
    }
}
