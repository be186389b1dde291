package org.affiliateledger.infra.stripe;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.StripeEvents;
import org.affiliateledger.infra.support.StripeStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.envelope;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /stripe/webhooks/{merchantId}}: verification, deduplication, attribution rules, refunds and disputes. */
class StripeWebhookHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_webhookTestSecret0123456789ab";
    private String key;
    private String merchant;
    private String affiliate;

    @BeforeEach
    void merchantWithAStripeEndpoint() {
        key = onboardMerchant("Stripe webhooks");
        merchant = merchantIdOf(key);
        assertThat(api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", SECRET))).status()).isEqualTo(200);
        affiliate = activeAffiliate(key, "Ref Erral");
    }

    private static String chargeSucceeded(String chargeId, String paymentIntentId, long amount, String affiliateRef) {
        return event("charge.succeeded.json", ch -> {
            ch.put("id", chargeId);
            ch.put("payment_intent", paymentIntentId);
            ch.put("amount", amount);
            ch.put("amount_captured", amount);
            ch.put("currency", "eur");
            if (affiliateRef != null) {
                ch.putObject("metadata").put("affiliate_id", affiliateRef);
            }
        });
    }

    private static String paymentIntentSucceeded(String chargeId, String paymentIntentId, long amount, String affiliateRef) {
        return event("payment_intent.succeeded.json", pi -> {
            pi.put("id", paymentIntentId);
            pi.put("amount", amount);
            pi.put("amount_received", amount);
            pi.put("currency", "eur");
            pi.putObject("metadata").put("affiliate_id", affiliateRef);
            ObjectNode charge = (ObjectNode) pi.get("charges").get("data").get(0);
            charge.put("id", chargeId);
            charge.put("payment_intent", paymentIntentId);
        });
    }

    private String outcome(String body) {
        Api.Response response = deliver(api, port, merchant, SECRET, body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.text("outcome");
    }

    private List<JsonNode> conversions() {
        List<JsonNode> rows = new ArrayList<>();
        api.get("/api/v1/conversions?affiliate_id=" + affiliate, key).body().get("data").forEach(rows::add);
        return rows;
    }

    private JsonNode conversionOf(String chargeId) {
        Api.Response list = eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + affiliate, key),
                r -> r.body().get("data").valueStream().anyMatch(c -> chargeId.equals(c.get("stripeChargeId").asString())));
        return list.body().get("data").valueStream().filter(c -> chargeId.equals(c.get("stripeChargeId").asString())).findFirst().orElseThrow();
    }

    private JsonNode commissionUntil(String id, java.util.function.Predicate<JsonNode> until) {
        return eventually(() -> api.get("/api/v1/commissions/" + id, key), r -> r.status() == 200 && until.test(r.body())).body();
    }

    /** A settled request has had time to reach the read models: anything recorded would show by now. */
    private void assertNothingRecorded() throws InterruptedException {
        String marker = chargeSucceeded("ch_marker_" + System.nanoTime(), null, 100, affiliate);
        outcome(marker);
        Api.Response list = eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + affiliate, key),
                r -> r.body().get("data").size() >= 1);
        assertThat(list.body().get("data")).hasSize(1);
    }

    // ---- verification ----

    @Test
    void refusesAWrongSignatureAndRecordsNothing() throws Exception {
        String body = chargeSucceeded("ch_wrong_sig", "pi_wrong_sig", 4900, affiliate);
        Api.Response refused = StripeEvents.post(api, port, merchant, body,
                StripeEvents.signature(body, "whsec_someoneElsesSecret000000000", Instant.now().getEpochSecond()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("detail")).contains("signature");
        assertNothingRecorded();
        // the same event, correctly signed, is then handled: the refusal left no trace in the event log either
        assertThat(outcome(body)).startsWith("recorded conversion");
    }

    @Test
    void refusesAStaleTimestamp() throws Exception {
        String body = chargeSucceeded("ch_stale", "pi_stale", 4900, affiliate);
        Api.Response refused = StripeEvents.post(api, port, merchant, body,
                StripeEvents.signature(body, SECRET, Instant.now().minusSeconds(301).getEpochSecond()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("detail")).containsIgnoringCase("tolerance");
        assertNothingRecorded();
    }

    @Test
    void refusesATamperedBody() throws Exception {
        String body = chargeSucceeded("ch_tampered", "pi_tampered", 4900, affiliate);
        String signature = StripeEvents.signature(body, SECRET, Instant.now().getEpochSecond());
        Api.Response refused = StripeEvents.post(api, port, merchant, body.replace("4900", "490000"), signature);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("detail")).contains("signature");
        assertNothingRecorded();
    }

    @Test
    void refusesARequestWithoutSignatureOrBody() {
        String body = chargeSucceeded("ch_unsigned", "pi_unsigned", 4900, affiliate);
        Api.Response unsigned = StripeEvents.post(api, port, merchant, body, null);
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(unsigned.text("detail")).contains("Stripe-Signature");
        Api.Response empty = StripeEvents.post(api, port, merchant, "", "t=1,v1=00");
        assertThat(empty.status()).isEqualTo(400);
    }

    @Test
    void answersAnUnknownMerchantWith404() {
        String body = chargeSucceeded("ch_nobody", "pi_nobody", 4900, affiliate);
        for (String unknown : List.of("mer_01hx5m3k8q9v7w2r4t6y0z1a2b", "not-a-merchant", "aff_01hx5m3k8q9v7w2r4t6y0z1a2b")) {
            Api.Response response = StripeEvents.post(api, port, unknown, body,
                    StripeEvents.signature(body, SECRET, Instant.now().getEpochSecond()));
            assertThat(response.status()).as(unknown).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void explainsThatAMerchantWithoutASigningSecretMustSetOne() {
        String other = merchantIdOf(onboardMerchant("No Stripe yet"));
        String body = chargeSucceeded("ch_nosecret", "pi_nosecret", 4900, affiliate);
        Api.Response response = deliver(api, port, other, SECRET, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("detail")).contains("stripe_webhook_secret").contains("PATCH /api/v1/program");
    }

    @Test
    void needsNoApiKeyButIgnoresOne() {
        String body = chargeSucceeded("ch_public", "pi_public", 4900, affiliate);
        Api.Response response = StripeEvents.post(api, port, merchant, body,
                StripeEvents.signature(body, SECRET, Instant.now().getEpochSecond()));
        assertThat(response.status()).isEqualTo(200);
    }

    // ---- deduplication and event types ----

    @Test
    void answersARedeliveredEventFromTheLogWithoutDoingItAgain() {
        String body = chargeSucceeded("ch_redelivered", "pi_redelivered", 4900, affiliate);
        String first = outcome(body);
        Api.Response again = deliver(api, port, merchant, SECRET, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(again.text("outcome")).isEqualTo(first);
        conversionOf("ch_redelivered");
        assertThat(conversions()).hasSize(1);
    }

    @Test
    void acknowledgesEventTypesItDoesNotUse() {
        String body = envelope("customer.subscription.trial_will_end", StripeEvents.object().put("id", "sub_1").put("object", "subscription"));
        assertThat(outcome(body)).startsWith("ignored: event type customer.subscription.trial_will_end");
    }

    @Test
    void recordsASaleOnceWhenItsPaymentIntentAndChargeNoticesRace() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Api.Response> answers = new ArrayList<>();
        try {
            List<Future<Api.Response>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String charge = "ch_race_" + i;
                String intent = "pi_race_" + i;
                for (String body : List.of(paymentIntentSucceeded(charge, intent, 1000, affiliate),
                        chargeSucceeded(charge, intent, 1000, affiliate))) {
                    sent.add(pool.submit((Callable<Api.Response>) () -> deliver(new Api(port), port, merchant, SECRET, body)));
                }
            }
            for (Future<Api.Response> response : sent) {
                assertThat(response.get().status()).as(response.get().body().toString()).isEqualTo(200);
                answers.add(response.get());
            }
        } finally {
            pool.shutdown();
        }
        // read at the position of the last write: everything the eight notices recorded is in the answer
        Api.Response last = answers.stream().filter(r -> r.header("X-Ledger-Position") != null)
                .max(java.util.Comparator.comparingLong(r -> Long.parseLong(r.header("X-Ledger-Position")))).orElseThrow();
        List<JsonNode> rows = new ArrayList<>();
        api.get("/api/v1/conversions?affiliate_id=" + affiliate, key, last).body().get("data").forEach(rows::add);
        assertThat(rows).hasSize(4)
                .allSatisfy(c -> assertThat(c.get("currency").asString()).isEqualTo("EUR"));
    }

    // ---- attribution ----

    @Test
    void attributesByShortCodeAndIgnoresWhatNamesNoAffiliateOfTheMerchant() {
        String shortCode = eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> r.status() == 200).text("shortCode");
        assertThat(outcome(chargeSucceeded("ch_short", "pi_short", 2000, shortCode.toUpperCase()))).startsWith("recorded conversion");
        assertThat(conversionOf("ch_short").get("commissionCents").asLong()).isEqualTo(200);

        String otherMerchantsAffiliate = activeAffiliate(onboardMerchant("Someone else"), "Not Yours");
        assertThat(outcome(chargeSucceeded("ch_foreign", "pi_foreign", 2000, otherMerchantsAffiliate))).startsWith("ignored: affiliate_id");
        assertThat(outcome(chargeSucceeded("ch_unknown", "pi_unknown", 2000, "nobody-here"))).startsWith("ignored: affiliate_id");
        assertThat(outcome(chargeSucceeded("ch_none", null, 2000, null))).startsWith("not attributed");
    }

    @Test
    void attributesAPaymentToTheCheckoutSessionThatCarriedTheReferralEvenWhenThePaymentArrivedFirst() {
        assertThat(outcome(chargeSucceeded("ch_session_first", "pi_session_first", 3000, null))).startsWith("not attributed");
        String checkout = event("checkout.session.completed.payment_mode.json", session -> {
            session.put("id", "cs_session_first");
            session.put("payment_intent", "pi_session_first");
            session.put("customer", "cus_session_first");
            session.putObject("metadata").put("affiliate_id", affiliate).put("affiliate_session_id", "sess_42");
        });
        assertThat(outcome(checkout)).contains("recorded conversion");
        JsonNode conversion = conversionOf("ch_session_first");
        assertThat(conversion.get("amountCents").asLong()).isEqualTo(3000);
        assertThat(conversion.get("affiliateSessionId").asString()).isEqualTo("sess_42");
    }

    @Test
    void attributesEveryInvoiceOfACustomerWhoseMetadataNamesTheAffiliate() {
        ObjectNode customer = StripeEvents.object().put("id", "cus_meta").put("object", "customer");
        customer.putObject("metadata").put("affiliate_id", affiliate);
        assertThat(outcome(envelope("customer.updated", customer))).isEqualTo("customer cus_meta attributed to " + affiliate);

        for (String invoice : List.of("in_meta_1", "in_meta_2")) {
            assertThat(outcome(invoicePaid(invoice, "cus_meta", 1500))).startsWith("recorded conversion");
        }
        assertThat(outcome(invoicePaid("in_trial", "cus_meta", 0))).startsWith("ignored: nothing was paid");
        assertThat(outcome(invoicePaid("in_stranger", "cus_stranger", 1500))).startsWith("not attributed: customer cus_stranger");
        eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + affiliate, key), r -> r.body().get("data").size() == 2);
    }

    /** An invoice in the 2025-03-31 shape: no charge, subscription under parent.subscription_details. */
    private static String invoicePaid(String invoiceId, String customerId, long amount) {
        ObjectNode invoice = (ObjectNode) StripeEvents.load("resource.invoice.json");
        invoice.put("id", invoiceId);
        invoice.put("customer", customerId);
        invoice.put("amount_paid", amount);
        invoice.put("currency", "usd");
        invoice.put("billing_reason", "subscription_cycle");
        invoice.remove("subscription");
        ((ObjectNode) invoice.get("parent")).put("type", "subscription_details");
        ((ObjectNode) invoice.get("parent").get("subscription_details")).put("subscription", "sub_" + customerId);
        return envelope("invoice.paid", invoice);
    }

    private static String invoicePaymentPaid(String invoiceId, String paymentIntentId) {
        ObjectNode payment = StripeEvents.object().put("id", "inpay_" + invoiceId).put("object", "invoice_payment")
                .put("invoice", invoiceId).put("status", "paid").put("amount_paid", 4000);
        payment.putObject("payment").put("type", "payment_intent").put("payment_intent", paymentIntentId);
        return envelope("invoice_payment.paid", payment);
    }

    private static String refundedViaPaymentIntent(String chargeId, String paymentIntentId, long amount, long refunded) {
        return event("charge.refunded.json", ch -> {
            ch.put("id", chargeId);
            ch.put("payment_intent", paymentIntentId);
            ch.put("amount", amount);
            ch.put("amount_refunded", refunded);
        });
    }

    @Test
    void findsTheRenewalOfANewApiVersionInvoiceWhenItsChargeIsRefundedWhicheverNoticeCameFirst() {
        ObjectNode customer = StripeEvents.object().put("id", "cus_basil").put("object", "customer");
        customer.putObject("metadata").put("affiliate_id", affiliate);
        outcome(envelope("customer.created", customer));

        // invoice first, then its payment
        assertThat(outcome(invoicePaid("in_basil_1", "cus_basil", 4000))).startsWith("recorded conversion");
        assertThat(outcome(invoicePaymentPaid("in_basil_1", "pi_basil_1"))).startsWith("linked pi_basil_1");
        assertThat(outcome(refundedViaPaymentIntent("ch_basil_1", "pi_basil_1", 4000, 2000))).contains("reduced to 200");

        // payment first, then the invoice
        assertThat(outcome(invoicePaymentPaid("in_basil_2", "pi_basil_2"))).startsWith("remembered");
        assertThat(outcome(invoicePaid("in_basil_2", "cus_basil", 4000))).startsWith("recorded conversion");
        assertThat(outcome(refundedViaPaymentIntent("ch_basil_2", "pi_basil_2", 4000, 4000))).contains("voided");
    }

    @Test
    void asksStripeAboutAnUnknownCustomerWithTheMerchantsApiKey() {
        String apiKey = "sk_test_lookup" + System.nanoTime();
        Api.Response set = api.patch("/api/v1/program", key, Api.json(Map.of("stripe_api_key", apiKey)));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("stripeApiKey").get("last4").asString()).isEqualTo(apiKey.substring(apiKey.length() - 4));
        StripeStub.get().customer(apiKey, "cus_looked_up", affiliate);

        assertThat(outcome(invoicePaid("in_lookup_1", "cus_looked_up", 2500))).startsWith("recorded conversion");
        assertThat(outcome(invoicePaid("in_lookup_2", "cus_looked_up", 2500))).startsWith("recorded conversion");
        assertThat(outcome(invoicePaid("in_lookup_3", "cus_unknown_to_stripe", 2500))).startsWith("not attributed");
        // the answer is remembered: one request for the known customer, one for the unknown one
        assertThat(StripeStub.get().requests()).filteredOn(r -> r.contains(apiKey))
                .containsExactly("GET /v1/customers/cus_looked_up Bearer " + apiKey,
                        "GET /v1/customers/cus_unknown_to_stripe Bearer " + apiKey);
    }

    // ---- refunds and disputes ----

    private static String refunded(String chargeId, long amount, long refunded, String refundId) {
        return event("charge.refunded.json", ch -> {
            ch.put("id", chargeId);
            ch.put("amount", amount);
            ch.put("amount_refunded", refunded);
            ((ObjectNode) ch.get("refunds").get("data").get(0)).put("id", refundId).put("amount", refunded);
        });
    }

    private static String dispute(String type, String disputeId, String chargeId, String status) {
        return dispute(type, disputeId, chargeId, status, 5000);
    }

    private static String dispute(String type, String disputeId, String chargeId, String status, long amount) {
        return event("charge.dispute.created.json", dp -> {
            dp.put("id", disputeId);
            dp.put("charge", chargeId);
            dp.put("amount", amount);
            dp.put("status", status);
        }).replace("\"charge.dispute.created\"", "\"" + type + "\"");
    }

    @Test
    void voidsAnUnpaidCommissionWhenTheSaleIsRefundedInFullAndIgnoresOlderNotices() {
        outcome(chargeSucceeded("ch_full", "pi_full", 4000, affiliate));
        String commission = conversionOf("ch_full").get("commissionId").asString();
        assertThat(outcome(refunded("ch_full", 4000, 1000, "re_a"))).contains("reduced to 300");
        assertThat(outcome(refunded("ch_full", 4000, 4000, "re_b"))).contains(commission + " voided");
        // Stripe reorders: the older partial notice arriving late changes nothing
        assertThat(outcome(refunded("ch_full", 4000, 1000, "re_a"))).contains("already accounted for");
        JsonNode voided = commissionUntil(commission, c -> "voided".equals(c.get("status").asString()));
        assertThat(voided.get("amountCents").asLong()).isEqualTo(300);
        assertThat(outcome(refunded("ch_not_ours", 4000, 4000, "re_c"))).startsWith("ignored: charge ch_not_ours");
    }

    @Test
    void keepsRefundsExactWhenStripeSendsSeveralAtOnce() throws Exception {
        outcome(chargeSucceeded("ch_many_refunds", "pi_many_refunds", 4000, affiliate));
        String commission = conversionOf("ch_many_refunds").get("commissionId").asString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Api.Response>> sent = new ArrayList<>();
            for (long refunded : List.of(1000L, 2000L, 3000L, 3000L)) {
                String body = refunded("ch_many_refunds", 4000, refunded, "re_" + refunded);
                sent.add(pool.submit((Callable<Api.Response>) () -> deliver(new Api(port), port, merchant, SECRET, body)));
            }
            for (Future<Api.Response> response : sent) {
                assertThat(response.get().status()).as(response.get().body().toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        // whatever the order, the commission ends at its share of the largest cumulative refund: 400 × 1000 / 4000
        commissionUntil(commission, c -> c.get("amountCents").asLong() == 100);
        eventually(() -> api.get("/api/v1/conversions/" + conversionOf("ch_many_refunds").get("id").asString(), key),
                r -> r.body().path("refundedCents").asLong() == 3000);
    }

    @Test
    void holdsTheCommissionsOfADisputedSaleAndReleasesThemWhenTheDisputeIsWon() {
        outcome(chargeSucceeded("ch_disputed", "pi_disputed", 5000, affiliate));
        String commission = conversionOf("ch_disputed").get("commissionId").asString();
        assertThat(outcome(dispute("charge.dispute.created", "dp_won", "ch_disputed", "needs_response"))).contains(commission + " held");
        commissionUntil(commission, c -> "held".equals(c.get("status").asString()));
        Api.Response approve = api.post("/api/v1/commissions/" + commission + "/approve", key, null);
        assertThat(approve.status()).isEqualTo(409);
        assertThat(approve.text("detail")).contains("it is held");

        assertThat(outcome(dispute("charge.dispute.closed", "dp_won", "ch_disputed", "won"))).contains(commission + " released");
        commissionUntil(commission, c -> "pending".equals(c.get("status").asString()) && c.get("amountCents").asLong() == 500);
        assertThat(outcome(dispute("charge.dispute.closed", "dp_won", "ch_disputed", "won"))).contains("already accounted for");
    }

    @Test
    void voidsAHeldCommissionWhenTheDisputeIsLost() {
        outcome(chargeSucceeded("ch_lost", "pi_lost", 5000, affiliate));
        String commission = conversionOf("ch_lost").get("commissionId").asString();
        outcome(dispute("charge.dispute.created", "dp_lost", "ch_lost", "needs_response"));
        // a second, partial dispute lost first: the commission shrinks but stays held while dp_lost is open
        assertThat(outcome(dispute("charge.dispute.closed", "dp_partial", "ch_lost", "lost", 1000)))
                .contains(commission + " reduced to 400").doesNotContain("released");
        assertThat(outcome(dispute("charge.dispute.closed", "dp_lost", "ch_lost", "lost"))).contains(commission + " voided");
        commissionUntil(commission, c -> "voided".equals(c.get("status").asString()));
        eventually(() -> api.get("/api/v1/conversions/" + conversionOf("ch_lost").get("id").asString(), key),
                r -> "lost".equals(r.text("disputeStatus")) && "voided".equals(r.text("status")));
    }

    @Test
    void answersOnceTheSaleIsRecorded() {
        Api.Response answer = deliver(api, port, merchant, SECRET, chargeSucceeded("ch_fast", "pi_fast", 1000, affiliate));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("outcome")).startsWith("recorded conversion");
        assertThat(answer.header("X-Ledger-Position")).as("the answer comes after the events are stored").isNotNull();
    }
}
