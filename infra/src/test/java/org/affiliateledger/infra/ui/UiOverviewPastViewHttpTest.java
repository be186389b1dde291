package org.affiliateledger.infra.ui;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview's past view over plain HTTP (a signed-in session, the rendered page): a refund and a payment recorded
 * after the view's instant leave its revenue and payouts due as they stood. The conversion's row holds only its latest
 * refunded amount; the past view reads the refunds made by then.
 */
class UiOverviewPastViewHttpTest extends LedgerIntegrationTest {

    @Test
    void aPastViewShowsTheRevenueAndPayoutsDueAsTheyStoodThenNotTodaysAmounts() throws Exception {
        String key = onboardMerchant("UI overview past amounts");
        String merchant = merchantIdOf(key);
        String secret = "whsec_overviewPastAmountsSecret0123";
        assertThat(api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", secret))).status()).isEqualTo(200);
        String ada = activeAffiliate(key, "Ada Past");
        long saleTime = Instant.now().minus(1, ChronoUnit.HOURS).getEpochSecond();
        String sale = event("payment_intent.succeeded.json", pi -> {
            pi.put("id", "pi_past");
            pi.put("amount", 10000);
            pi.put("amount_received", 10000);
            pi.put("created", saleTime);
            pi.putObject("metadata").put("affiliate_id", ada);
            ObjectNode charge = (ObjectNode) pi.get("charges").get("data").get(0);
            charge.put("id", "ch_past");
            charge.put("payment_intent", "pi_past");
            charge.put("created", saleTime);
        });
        assertThat(deliver(api, port, merchant, secret, sale).text("outcome")).startsWith("recorded conversion");
        Api.Response manual = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + ada + "\", \"amount_cents\": 5000}");
        assertThat(manual.status()).as(manual.body().toString()).isEqualTo(201);
        String commission = eventually(() -> api.get("/api/v1/commissions?conversion_id=" + manual.text("id"), key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, "{}").status()).isEqualTo(200);
        Api.Response payout = eventually(() -> api.post("/api/v1/payouts", key, Api.json(Map.of("affiliate_id", ada))),
                r -> r.status() == 201);
        String payoutId = payout.text("id");
        eventually(() -> api.get("/api/v1/payouts/" + payoutId, key), r -> r.status() == 200);
        Instant then = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(then.plusMillis(5)));

        // after it: $40.00 of the Stripe sale refunded, the payout sent and paid
        String refund = event("charge.refunded.json", ch -> {
            ch.put("id", "ch_past");
            ch.put("payment_intent", "pi_past");
            ch.put("amount", 10000);
            ch.put("amount_captured", 10000);
            ch.put("amount_refunded", 4000);
            ObjectNode re = (ObjectNode) ch.get("refunds").get("data").get(0);
            re.put("id", "re_past");
            re.put("amount", 4000);
            re.put("charge", "ch_past");
            re.put("created", Instant.now().getEpochSecond());
        });
        assertThat(deliver(api, port, merchant, secret, refund).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/payouts/" + payoutId + "/sent", key, "{\"external_reference\": \"po_past\"}").status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/payouts/" + payoutId + "/paid", key, null).status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/payouts/" + payoutId, key), r -> "paid".equals(r.text("status")));
        eventually(() -> api.get("/api/v1/conversions?limit=10", key), r -> r.body().toString().contains("\"refundedCents\":4000"));

        UiHttp ui = new UiHttp(port);
        HttpClient browser = ui.signedIn(key);
        String now = ui.page(browser, "/ui");
        assertThat(UiHttp.figure(now, "revenue")).isEqualTo("$110.00");
        assertThat(UiHttp.figure(now, "payouts-due")).isEqualTo("$0.00");

        String past = ui.page(browser, "/ui?as_of=" + then);
        assertThat(past).contains("Past view");
        assertThat(UiHttp.figure(past, "revenue")).as("the refund came later").isEqualTo("$150.00");
        assertThat(UiHttp.figure(past, "payouts-due")).as("the payout was paid later").isEqualTo("$5.00");
    }
}
