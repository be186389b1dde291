package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversions' {@code flagged} filter and the commissions' {@code source} filter answer exactly the rows that
 * match, newest first and page by page by cursor, never another merchant's; a bad value is a 400 naming the valid
 * ones. Each merchant has one conversion from each source (stripe, manual, event) and a second manual one that the
 * self-referral rule flags.
 */
class ListFiltersHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_listFiltersTestSecret000000000";

    /** One merchant's conversions and their commissions, in the order they were recorded. */
    private record Books(String key, String manual, String flagged, String event, String stripe,
                         Map<String, String> commissionOf) {
    }

    private Books mine;
    private Books theirs;

    @BeforeEach
    void twoMerchantsWithAConversionFromEachSource() {
        mine = books("Filters");
        theirs = books("Filters (the other merchant)");
    }

    private Books books(String name) {
        String key = onboardMerchant(name);
        String merchant = merchantIdOf(key);
        Api.Response patched = api.patch("/api/v1/program", key, """
                {"stripe_webhook_secret": "%s", "fraud_rules": {"self_referral": {"enabled": true}},
                 "event_rewards": {"signup": {"flat_amount_cents": 300}}}""".formatted(SECRET));
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        String email = "self." + System.nanoTime() + "@example.com";
        Api.Response affiliate = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Filter Fan", "email", email, "status", "active")));
        assertThat(affiliate.status()).isEqualTo(201);
        String affiliateId = affiliate.text("id");

        String manual = created(api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 1000}".formatted(affiliateId)));
        String flagged = created(api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 2000, \"customer_email\": \"%s\"}".formatted(affiliateId, email)));
        String signup = created(api.post("/api/v1/events", key,
                "{\"event_type\": \"signup\", \"affiliate_id\": \"%s\"}".formatted(affiliateId)));
        String charge = "ch_filters_" + System.nanoTime();
        String sale = event("charge.succeeded.json", ch -> {
            ch.put("id", charge);
            ch.put("payment_intent", "pi_" + charge);
            ch.put("amount", 4900);
            ch.put("amount_captured", 4900);
            ch.put("currency", "usd");
            ch.putObject("metadata").put("affiliate_id", affiliateId);
        });
        assertThat(deliver(api, port, merchant, SECRET, sale).text("outcome")).contains("recorded conversion");
        String stripe = eventually(() -> api.get("/api/v1/conversions?source=stripe", key),
                r -> r.body().get("data").size() == 1).body().at("/data/0/id").asString();

        Map<String, String> commissionOf = new java.util.HashMap<>();
        for (String conversion : List.of(manual, flagged, signup, stripe)) {
            commissionOf.put(conversion, eventually(() -> api.get("/api/v1/conversions/" + conversion, key),
                    r -> r.status() == 200).text("commissionId"));
        }
        // the screening is asynchronous: wait until the self-referral shows on the conversion
        eventually(() -> api.get("/api/v1/conversions/" + flagged, key), r -> !r.body().get("fraudRules").isEmpty());
        eventually(() -> api.get("/api/v1/commissions", key), r -> r.body().get("data").size() == 4);
        return new Books(key, manual, flagged, signup, stripe, commissionOf);
    }

    private static String created(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.text("id");
    }

    /** Every id the list answers, following its cursor page by page ({@code limit=1}: each row is its own page). */
    private List<String> idsOf(String path, String key) {
        List<String> ids = new ArrayList<>();
        String url = path + (path.contains("?") ? "&" : "?") + "limit=1";
        String cursor = null;
        do {
            Api.Response page = api.get(url + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            page.body().get("data").forEach(row -> ids.add(row.get("id").asString()));
            JsonNode next = page.body().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null && ids.size() < 20);
        return ids;
    }

    @Test
    void flaggedConversionsAreExactlyTheOnesAFraudRuleFiredOn() {
        assertThat(idsOf("/api/v1/conversions?flagged=true", mine.key())).containsExactly(mine.flagged());
        assertThat(idsOf("/api/v1/conversions?flagged=false", mine.key()))
                .containsExactly(mine.stripe(), mine.event(), mine.manual());
        assertThat(idsOf("/api/v1/conversions?flagged=true&source=manual", mine.key())).containsExactly(mine.flagged());
        assertThat(idsOf("/api/v1/conversions?flagged=true&source=stripe", mine.key())).isEmpty();
        assertThat(idsOf("/api/v1/conversions?flagged=true", theirs.key())).containsExactly(theirs.flagged());
    }

    @Test
    void commissionsFilterByTheSourceOfTheirConversion() {
        Map<String, String> c = mine.commissionOf();
        assertThat(idsOf("/api/v1/commissions?source=stripe", mine.key())).containsExactly(c.get(mine.stripe()));
        assertThat(idsOf("/api/v1/commissions?source=event", mine.key())).containsExactly(c.get(mine.event()));
        assertThat(idsOf("/api/v1/commissions?source=manual", mine.key()))
                .containsExactly(c.get(mine.flagged()), c.get(mine.manual()));
        assertThat(idsOf("/api/v1/commissions?source=manual&flagged=true", mine.key())).containsExactly(c.get(mine.flagged()));
        assertThat(idsOf("/api/v1/commissions?source=stripe", theirs.key()))
                .containsExactly(theirs.commissionOf().get(theirs.stripe()));
    }

    @Test
    void aBadFilterValueIsRefusedWithTheValidOnes() {
        Api.Response source = api.get("/api/v1/commissions?source=click", mine.key());
        assertThat(source.status()).isEqualTo(400);
        assertThat(source.contentType()).startsWith("application/problem+json");
        assertThat(source.text("code")).isEqualTo("invalid_request");
        assertThat(source.text("detail")).isEqualTo("source must be one of manual, stripe, event; got \"click\"");

        Api.Response flagged = api.get("/api/v1/conversions?flagged=maybe", mine.key());
        assertThat(flagged.status()).isEqualTo(400);
        assertThat(flagged.contentType()).startsWith("application/problem+json");
        assertThat(flagged.text("code")).isEqualTo("invalid_request");
        assertThat(flagged.text("detail")).isEqualTo("flagged must be true or false");
    }
}
