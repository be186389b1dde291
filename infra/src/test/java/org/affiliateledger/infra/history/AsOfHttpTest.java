package org.affiliateledger.infra.history;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.affiliateledger.infra.history.History.all;
import static org.affiliateledger.infra.history.History.q;
import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ?as_of=}: a resource rebuilt from its events answers exactly what the read model answered at that instant. A
 * Stripe sale's commission goes pending → held (dispute) → released (dispute won) → approved → paid; after each step the
 * read model is captured with the instant, and afterwards each instant is asked again.
 */
class AsOfHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_asOfTestSecret0123456789abcd";

    /** What the read model showed at {@code at}. */
    private record Seen(String step, Instant at, JsonNode commission, JsonNode conversion) {
    }

    @Test
    void answersACommissionAndItsConversionAtEveryInstantAsTheReadModelShowedThem() {
        String key = onboardMerchant("As of");
        String merchant = merchantIdOf(key);
        assertThat(api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", SECRET))).status()).isEqualTo(200);
        String affiliate = activeAffiliate(key, "As Of");
        Instant beforeSale = separate(Instant.now());

        assertThat(deliver(api, port, merchant, SECRET, event("charge.succeeded.json", ch -> {
            ch.put("id", "ch_asof");
            ch.put("payment_intent", "pi_asof");
            ch.put("amount", 6000);
            ch.put("amount_captured", 6000);
            ch.putObject("metadata").put("affiliate_id", affiliate);
        })).text("outcome")).startsWith("recorded conversion");
        JsonNode conversionNow = eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + affiliate, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0);
        String conversion = conversionNow.get("id").asString();
        String commission = conversionNow.get("commissionId").asString();

        List<Seen> seen = new ArrayList<>();
        seen.add(capture("pending", key, commission, conversion, c -> "pending".equals(c.text("status"))));
        deliver(api, port, merchant, SECRET, dispute("charge.dispute.created", "needs_response"));
        seen.add(capture("held", key, commission, conversion, c -> "held".equals(c.text("status"))));
        deliver(api, port, merchant, SECRET, dispute("charge.dispute.closed", "won"));
        seen.add(capture("released", key, commission, conversion,
                c -> "pending".equals(c.text("status")) && c.text("updatedAt").compareTo(seen.get(1).commission().get("updatedAt").asString()) > 0));
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, null).status()).isEqualTo(200);
        seen.add(capture("approved", key, commission, conversion, c -> "approved".equals(c.text("status"))));
        assertThat(api.post("/api/v1/commissions/" + commission + "/pay", key, "{\"reference\": \"wire-asof\"}").status())
                .isEqualTo(200);
        seen.add(capture("paid", key, commission, conversion, c -> "paid".equals(c.text("status"))));

        List<JsonNode> timeline = eventually(() -> api.get("/api/v1/commissions/" + commission + "/history", key),
                History.hasTypes("commission.paid")).body().get("data").valueStream().toList();
        for (Seen then : seen) {
            String asOf = q(then.at().toString());
            Api.Response rebuilt = api.get("/api/v1/commissions/" + commission + "?as_of=" + asOf, key);
            assertThat(rebuilt.status()).as(then.step()).isEqualTo(200);
            assertThat(rebuilt.body()).as("commission as of %s (%s)", then.at(), then.step()).isEqualTo(then.commission());
            long reflected = timeline.stream().filter(item -> !Instant.parse(item.get("recordedAt").asString()).isAfter(then.at()))
                    .mapToLong(item -> item.get("position").asLong()).max().orElseThrow();
            assertThat(Long.parseLong(rebuilt.header("X-Ledger-As-Of-Position"))).as(then.step()).isEqualTo(reflected);
            assertThat(Instant.parse(rebuilt.header("X-Ledger-As-Of"))).isEqualTo(then.at().truncatedTo(ChronoUnit.MILLIS));
            Api.Response conversionThen = api.get("/api/v1/conversions/" + conversion + "?as_of=" + asOf, key);
            assertThat(conversionThen.status()).isEqualTo(200);
            assertThat(conversionThen.body()).as("conversion as of %s (%s)", then.at(), then.step()).isEqualTo(then.conversion());
        }
        assertThat(seen).extracting(s -> s.commission().get("status").asString())
                .containsExactly("pending", "held", "pending", "approved", "paid");

        Api.Response before = api.get("/api/v1/commissions/" + commission + "?as_of=" + q(beforeSale.toString()), key);
        assertThat(before.status()).isEqualTo(404);
        assertThat(before.text("detail")).contains("not found as of");
        assertThat(api.get("/api/v1/conversions/" + conversion + "?as_of=" + q(beforeSale.toString()), key).status()).isEqualTo(404);
        Api.Response future = api.get("/api/v1/commissions/" + commission + "?as_of=" + q(Instant.now().plusSeconds(60).toString()), key);
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.text("detail")).contains("as_of");
        assertThat(api.get("/api/v1/commissions/" + commission + "?as_of=2026-02-30", key).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/commissions/" + commission + "?as_of=" + q("2026-01-01T00:00:00+02:00"), key).status())
                .as("an offset is accepted").isIn(200, 404);
    }

    @Test
    void answersAnAffiliateAndAPayoutAsTheyStoodBeforeAndAfterEachChange() {
        String key = onboardMerchant("As of payouts");
        Api.Response registered = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Pay Me", "email", "pay.me." + System.nanoTime() + "@example.com")));
        String affiliate = registered.text("id");
        JsonNode pending = eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> r.status() == 200).body();
        Instant whilePending = separate(Instant.now());
        assertThat(api.post("/api/v1/affiliates/" + affiliate + "/approve", key, null).status()).isEqualTo(200);
        JsonNode active = eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> "active".equals(r.text("status"))).body();
        Instant whileActive = separate(Instant.now());
        assertThat(api.post("/api/v1/affiliates/" + affiliate + "/pause", key, null).status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> "paused".equals(r.text("status")));
        assertThat(api.post("/api/v1/affiliates/" + affiliate + "/resume", key, null).status()).isEqualTo(200);

        assertThat(api.get("/api/v1/affiliates/" + affiliate + "?as_of=" + q(whilePending.toString()), key).body()).isEqualTo(pending);
        assertThat(api.get("/api/v1/affiliates/" + affiliate + "?as_of=" + q(whileActive.toString()), key).body()).isEqualTo(active);

        String conversion = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 7000}").text("id");
        String commission = eventually(() -> api.get("/api/v1/conversions/" + conversion, key), r -> r.status() == 200).text("commissionId");
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, null).status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/commissions/" + commission, key), r -> "approved".equals(r.text("status")));
        String payout = api.post("/api/v1/payouts", key, "{\"affiliate_id\": \"" + affiliate + "\"}").text("id");
        JsonNode created = eventually(() -> api.get("/api/v1/payouts/" + payout, key), r -> r.status() == 200).body();
        Instant whileCreated = separate(Instant.now());
        api.post("/api/v1/payouts/" + payout + "/sent", key, "{\"external_reference\": \"po_asof\"}");
        JsonNode sent = eventually(() -> api.get("/api/v1/payouts/" + payout, key), r -> "sent".equals(r.text("status"))).body();
        Instant whileSent = separate(Instant.now());
        String paidAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS).toString();
        api.post("/api/v1/payouts/" + payout + "/paid", key, "{\"paid_at\": \"" + paidAt + "\"}");
        JsonNode paid = eventually(() -> api.get("/api/v1/payouts/" + payout, key), r -> "paid".equals(r.text("status"))).body();
        Instant whilePaid = separate(Instant.now());

        assertThat(api.get("/api/v1/payouts/" + payout + "?as_of=" + q(whileCreated.toString()), key).body()).isEqualTo(created);
        assertThat(api.get("/api/v1/payouts/" + payout + "?as_of=" + q(whileSent.toString()), key).body()).isEqualTo(sent);
        assertThat(api.get("/api/v1/payouts/" + payout + "?as_of=" + q(whilePaid.toString()), key).body()).isEqualTo(paid);
        assertThat(paid.get("paidAt").asString()).isEqualTo(paidAt);
        // recorded time decides: the payout was recorded paid after whileSent, though it was paid an hour before
        assertThat(api.get("/api/v1/payouts/" + payout + "?as_of=" + q(whileSent.toString()), key).text("status")).isEqualTo("sent");
        assertThat(all(api, "/api/v1/payouts/" + payout + "/history", key)).extracting(item -> item.get("type").asString())
                .containsExactly("payout.created", "payout.sent", "payout.paid");
    }

    private Seen capture(String step, String key, String commission, String conversion, Predicate<Api.Response> until) {
        JsonNode commissionNow = eventually(() -> api.get("/api/v1/commissions/" + commission, key), until).body();
        JsonNode conversionNow = eventually(() -> api.get("/api/v1/conversions/" + conversion, key),
                r -> r.status() == 200 && commissionNow.get("status").asString().equals(r.text("status"))).body();
        return new Seen(step, separate(Instant.now()), commissionNow, conversionNow);
    }

    /**
     * Returns {@code at} once the clock has moved past its millisecond: events recorded by later requests then carry a
     * later timestamp (the event store keeps milliseconds), so {@code as_of=at} sees exactly what was recorded before.
     */
    private static Instant separate(Instant at) {
        while (Instant.now().toEpochMilli() <= at.toEpochMilli() + 1) {
            Thread.onSpinWait();
        }
        return at;
    }

    private static String dispute(String type, String status) {
        return event("charge.dispute.created.json", dp -> {
            dp.put("id", "dp_asof");
            dp.put("charge", "ch_asof");
            dp.put("amount", 6000);
            dp.put("status", status);
        }).replace("\"charge.dispute.created\"", "\"" + type + "\"");
    }
}
