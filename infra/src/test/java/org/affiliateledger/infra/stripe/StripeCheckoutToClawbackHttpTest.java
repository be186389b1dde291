package org.affiliateledger.infra.stripe;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The affilut checkout integration end to end, through the real Stripe endpoint with signed payloads: a referred
 * visitor subscribes, the first charge and the renewal each earn the affiliate a commission, a partial refund
 * reduces one, and a lost dispute of an already paid one claws it back.
 */
class StripeCheckoutToClawbackHttpTest extends LedgerIntegrationTest {
    static final String SECRET = "whsec_e2eTestSigningSecret0123456789";

    @Test
    void aReferredSubscriptionEarnsOnEveryChargeAndRefundsAndDisputesAdjustIt() {
        String key = onboardMerchant("Stripe SaaS");
        String merchant = merchantIdOf(key);
        Api.Response settings = api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", SECRET)));
        assertThat(settings.status()).as(settings.body().toString()).isEqualTo(200);
        assertThat(settings.raw().body()).doesNotContain(SECRET);
        String affiliate = activeAffiliate(key, "Jane Smith");
        String shortCode = eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> r.status() == 200).text("shortCode");

        // 1. checkout: the landing page kept ?ref=<shortCode>&aff_sess=…; the session and the customer carry them
        String checkout = event("checkout.session.completed.json", session -> {
            session.put("mode", "subscription");
            session.put("customer", "cus_e2e");
            session.putNull("payment_intent");
            session.put("subscription", "sub_e2e");
            session.putObject("metadata").put("affiliate_id", shortCode).put("affiliate_session_id", "sess_e2e");
        });
        assertThat(ok(deliver(api, port, merchant, SECRET, checkout))).contains("customer cus_e2e");

        // 2. the first charge, as Stripe announces it three times: payment intent, charge, invoice — recorded once
        String paymentIntent = event("payment_intent.succeeded.json", pi -> {
            pi.put("id", "pi_first");
            pi.put("customer", "cus_e2e");
            pi.put("amount", 4900);
            pi.put("amount_received", 4900);
            pi.putObject("metadata").put("affiliate_id", affiliate).put("affiliate_session_id", "sess_e2e");
            ObjectNode charge = (ObjectNode) pi.get("charges").get("data").get(0);
            charge.put("id", "ch_first");
            charge.put("payment_intent", "pi_first");
        });
        assertThat(ok(deliver(api, port, merchant, SECRET, paymentIntent))).startsWith("recorded conversion");
        String charge = event("charge.succeeded.json", ch -> {
            ch.put("id", "ch_first");
            ch.put("payment_intent", "pi_first");
            ch.put("customer", "cus_e2e");
            ch.put("amount", 4900);
            ch.put("amount_captured", 4900);
            ch.putObject("metadata").put("affiliate_id", affiliate);
        });
        assertThat(ok(deliver(api, port, merchant, SECRET, charge))).startsWith("already recorded");
        String firstInvoice = event("invoice.paid.json", invoice -> {
            invoice.put("id", "in_first");
            invoice.put("billing_reason", "subscription_create");
            invoice.put("subscription", "sub_e2e");
            invoice.put("charge", "ch_first");
            invoice.put("payment_intent", "pi_first");
            invoice.put("customer", "cus_e2e");
            invoice.put("amount_paid", 4900);
        });
        assertThat(ok(deliver(api, port, merchant, SECRET, firstInvoice))).startsWith("already recorded");

        JsonNode first = onlyConversion(key, affiliate, 1).get(0);
        assertThat(first.get("stripeChargeId").asString()).isEqualTo("ch_first");
        assertThat(first.get("amountCents").asLong()).isEqualTo(4900);
        assertThat(first.get("commissionCents").asLong()).isEqualTo(490);
        assertThat(first.get("affiliateSessionId").asString()).isEqualTo("sess_e2e");
        String firstCommission = first.get("commissionId").asString();

        // 3. the renewal: no metadata of its own, attributed through the customer; the 2025-03-31 invoice shape
        String renewal = event("invoice.paid.subscription_cycle.derived.json", invoice -> {
            invoice.put("id", "in_renewal");
            invoice.remove("subscription");
            invoice.putObject("parent").put("type", "subscription_details")
                    .putObject("subscription_details").put("subscription", "sub_e2e").putObject("metadata");
            invoice.put("charge", "ch_renewal");
            invoice.put("payment_intent", "pi_renewal");
            invoice.put("customer", "cus_e2e");
            invoice.put("amount_paid", 4900);
            invoice.putObject("metadata");
        });
        assertThat(ok(deliver(api, port, merchant, SECRET, renewal))).startsWith("recorded conversion").contains("sub_e2e");
        List<JsonNode> both = onlyConversion(key, affiliate, 2);
        JsonNode second = both.get(0);
        assertThat(second.get("stripeChargeId").asString()).isEqualTo("ch_renewal");
        assertThat(second.get("commissionCents").asLong()).isEqualTo(490);
        String renewalCommission = second.get("commissionId").asString();

        // 4. a partial refund of the renewal (1225 of 4900) reduces its commission proportionally: 490 × 3/4 → 368
        String refund = event("charge.refunded.json", ch -> {
            ch.put("id", "ch_renewal");
            ch.put("payment_intent", "pi_renewal");
            ch.put("amount", 4900);
            ch.put("amount_captured", 4900);
            ch.put("amount_refunded", 1225);
            ch.put("refunded", false);
            ObjectNode re = (ObjectNode) ch.get("refunds").get("data").get(0);
            re.put("id", "re_partial");
            re.put("amount", 1225);
            re.put("charge", "ch_renewal");
        });
        assertThat(ok(deliver(api, port, merchant, SECRET, refund))).contains(renewalCommission + " reduced to 368");
        Api.Response redelivered = deliver(api, port, merchant, SECRET, refund);
        assertThat(redelivered.body().get("duplicate").asBoolean()).isTrue();
        JsonNode reduced = commission(key, renewalCommission, c -> c.get("amountCents").asLong() == 368);
        assertThat(reduced.get("originalAmountCents").asLong()).isEqualTo(490);
        assertThat(reduced.get("status").asString()).isEqualTo("pending");
        eventually(() -> api.get("/api/v1/conversions/" + second.get("id").asString(), key),
                r -> r.body().path("refundedCents").asLong() == 1225 && r.body().path("commissionCents").asLong() == 368);

        // 5. the merchant approves and pays the first commission outside the ledger
        assertThat(api.post("/api/v1/commissions/" + firstCommission + "/approve", key, null).text("status")).isEqualTo("approved");
        Api.Response paid = api.post("/api/v1/commissions/" + firstCommission + "/pay", key, "{\"reference\": \"wire-2026-02\"}");
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
        assertThat(paid.text("status")).isEqualTo("paid");

        // 6. the first charge is disputed and the dispute is lost: the paid commission is clawed back
        String disputeOpened = event("charge.dispute.created.json", dp -> {
            dp.put("id", "dp_first");
            dp.put("charge", "ch_first");
            dp.put("amount", 4900);
        });
        assertThat(ok(deliver(api, port, merchant, SECRET, disputeOpened))).contains("dispute dp_first opened");
        String disputeLost = event("charge.dispute.created.json", dp -> {
            dp.put("id", "dp_first");
            dp.put("charge", "ch_first");
            dp.put("amount", 4900);
            dp.put("status", "lost");
        }).replace("\"charge.dispute.created\"", "\"charge.dispute.closed\"");
        assertThat(ok(deliver(api, port, merchant, SECRET, disputeLost))).contains(firstCommission + " clawed back 490");

        Api.Response clawbacks = eventually(() -> api.get("/api/v1/commissions?kind=clawback&affiliate_id=" + affiliate, key),
                r -> r.status() == 200 && r.body().get("data").size() == 1);
        JsonNode clawback = clawbacks.body().get("data").get(0);
        assertThat(clawback.get("amountCents").asLong()).isEqualTo(-490);
        assertThat(clawback.get("clawbackOf").asString()).isEqualTo(firstCommission);
        assertThat(clawback.get("status").asString()).isEqualTo("approved");
        assertThat(clawback.get("conversionId").asString()).isEqualTo(first.get("id").asString());
        assertThat(commission(key, firstCommission, c -> "paid".equals(c.get("status").asString())).get("externalReference").asString())
                .isEqualTo("wire-2026-02");

        // what the affiliate is owed now: 490 paid − 490 clawed back + 368 pending
        Api.Response all = eventually(() -> api.get("/api/v1/commissions?affiliate_id=" + affiliate, key),
                r -> r.body().get("data").size() == 3);
        long sum = 0;
        for (JsonNode c : all.body().get("data")) {
            sum += c.get("amountCents").asLong();
        }
        assertThat(sum).isEqualTo(368);
        eventually(() -> api.get("/api/v1/conversions/" + first.get("id").asString(), key),
                r -> "lost".equals(r.text("disputeStatus")));
    }

    private static String ok(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.text("outcome");
    }

    private List<JsonNode> onlyConversion(String key, String affiliate, int count) {
        Api.Response list = eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + affiliate, key),
                r -> r.status() == 200 && r.body().get("data").size() >= count);
        List<JsonNode> rows = new ArrayList<>();
        list.body().get("data").forEach(rows::add);
        assertThat(rows).hasSize(count);
        return rows;
    }

    private JsonNode commission(String key, String id, java.util.function.Predicate<JsonNode> until) {
        return eventually(() -> api.get("/api/v1/commissions/" + id, key), r -> r.status() == 200 && until.test(r.body())).body();
    }
}
