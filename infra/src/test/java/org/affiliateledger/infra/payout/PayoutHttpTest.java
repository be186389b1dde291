package org.affiliateledger.infra.payout;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payouts over real HTTP: approved commissions are paid out net of clawbacks, through sent and paid (their commissions
 * then paid, webhooks recorded) or failed (their commissions released for the next payout); the program's rules refuse
 * with 422 and change nothing; batches, their CSV export, concurrency and currencies.
 */
class PayoutHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_payoutTestSigningSecret0123456";

    @Test
    void paysApprovedCommissionsThroughSentAndPaidAndTellsTheWebhooks() {
        String key = onboardMerchant("Payout Co");
        Api.Response endpoint = api.post("/api/v1/webhook-endpoints", key,
                "{\"url\": \"http://127.0.0.1:9/hooks\", \"event_types\": [\"payout.sent\", \"payout.paid\"]}");
        assertThat(endpoint.status()).as(endpoint.body().toString()).isEqualTo(201);
        String affiliate = activeAffiliate(key, "Jane Payee");
        String first = approvedCommission(key, affiliate, 4900, "USD");
        String second = approvedCommission(key, affiliate, 2500, "USD");
        String pending = commissionOf(key, conversion(key, affiliate, 1000, "USD"));

        Api.Response created = createPayout(key, affiliate);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String payout = created.text("id");
        assertThat(created.header("Location")).isEqualTo("/api/v1/payouts/" + payout);
        assertThat(created.body().get("amountCents").asLong()).isEqualTo(740);
        assertThat(created.text("currency")).isEqualTo("USD");
        assertThat(created.text("status")).isEqualTo("created");
        assertThat(ids(created.body().get("commissionIds"))).containsExactlyInAnyOrder(first, second);

        assertThat(commission(key, first, c -> payout.equals(text(c, "payoutId"))).get("status").asString()).isEqualTo("approved");
        assertThat(commission(key, pending, c -> true).get("payoutId").isNull()).isTrue();
        assertThat(api.post("/api/v1/commissions/" + first + "/void", key, null).status())
                .as("a reserved commission cannot be voided").isEqualTo(409);

        Api.Response early = api.post("/api/v1/payouts/" + payout + "/paid", key, null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.text("detail")).isEqualTo("cannot mark paid payout " + payout + ": it is created (allowed from: sent)");

        Api.Response sent = api.post("/api/v1/payouts/" + payout + "/sent", key, "{\"external_reference\": \"po_123\"}");
        assertThat(sent.status()).as(sent.body().toString()).isEqualTo(200);
        assertThat(sent.text("status")).isEqualTo("sent");
        Api.Response paid = api.post("/api/v1/payouts/" + payout + "/paid", key, null);
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
        assertThat(paid.text("status")).isEqualTo("paid");
        assertThat(api.post("/api/v1/payouts/" + payout + "/failed", key, "{\"reason\": \"late\"}").status()).isEqualTo(409);

        for (String commission : List.of(first, second)) {
            JsonNode row = commission(key, commission, c -> "paid".equals(text(c, "status")));
            assertThat(row.get("externalReference").asString()).isEqualTo("po_123");
            assertThat(row.get("payoutId").asString()).isEqualTo(payout);
        }
        assertThat(commission(key, pending, c -> true).get("status").asString()).isEqualTo("pending");

        JsonNode read = eventually(() -> api.get("/api/v1/payouts/" + payout, key),
                r -> r.status() == 200 && "paid".equals(r.text("status"))).body();
        assertThat(read.get("externalReference").asString()).isEqualTo("po_123");
        assertThat(read.get("commissionCount").asInt()).isEqualTo(2);
        assertThat(read.get("sentAt").isNull()).isFalse();
        assertThat(read.get("paidAt").isNull()).isFalse();

        JsonNode sentMessage = eventually(() -> api.get("/api/v1/webhook-messages?type=payout.sent", key),
                r -> r.status() == 200 && r.body().get("data").size() == 1).body().get("data").get(0);
        assertThat(sentMessage.get("payload").toString()).contains("\"payoutId\":\"" + payout + "\"")
                .contains("\"amountCents\":740").contains("\"externalReference\":\"po_123\"");
        JsonNode paidMessage = eventually(() -> api.get("/api/v1/webhook-messages?type=payout.paid", key),
                r -> r.status() == 200 && r.body().get("data").size() == 1).body().get("data").get(0);
        assertThat(paidMessage.get("payload").toString()).contains("\"type\":\"payout.paid\"").contains(payout);

        Api.Response again = createPayout(key, affiliate);
        assertThat(again.status()).as("everything approved was paid").isEqualTo(422);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.text("detail")).startsWith("nothing to pay");
    }

    @Test
    void aFailedPayoutReleasesItsCommissionsAndTheNextPayoutPicksThemUp() {
        String key = onboardMerchant("Bounce Co");
        assertThat(api.post("/api/v1/webhook-endpoints", key,
                "{\"url\": \"http://127.0.0.1:9/hooks\", \"event_types\": [\"payout.failed\"]}").status()).isEqualTo(201);
        String affiliate = activeAffiliate(key, "Bo Unce");
        String commission = approvedCommission(key, affiliate, 4900, "USD");
        String payout = createPayout(key, affiliate).text("id");
        assertThat(createPayout(key, affiliate).status()).as("the commission is reserved").isEqualTo(422);
        commission(key, commission, c -> payout.equals(text(c, "payoutId")));

        assertThat(api.post("/api/v1/payouts/" + payout + "/sent", key, "{\"external_reference\": \"po_1\"}").status()).isEqualTo(200);
        Api.Response failed = api.post("/api/v1/payouts/" + payout + "/failed", key, "{\"reason\": \"account closed\"}");
        assertThat(failed.status()).as(failed.body().toString()).isEqualTo(200);
        assertThat(failed.text("status")).isEqualTo("failed");
        JsonNode released = commission(key, commission, c -> c.get("payoutId").isNull());
        assertThat(released.get("status").asString()).isEqualTo("approved");
        assertThat(eventually(() -> api.get("/api/v1/payouts/" + payout, key), r -> "failed".equals(r.text("status")))
                .text("failureReason")).isEqualTo("account closed");
        JsonNode failedMessage = eventually(() -> api.get("/api/v1/webhook-messages?type=payout.failed", key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0);
        assertThat(failedMessage.get("payload").toString()).contains("\"payoutId\":\"" + payout + "\"")
                .contains("\"amountCents\":490").contains("\"reason\":\"account closed\"");

        Api.Response next = eventually(() -> createPayout(key, affiliate), r -> r.status() == 201);
        assertThat(ids(next.body().get("commissionIds"))).containsExactly(commission);
        assertThat(next.body().get("amountCents").asLong()).isEqualTo(490);
    }

    /**
     * The payout saga releases a failed payout's commissions a moment after the failure; a payout or a batch asked for
     * in that moment must not find nothing to pay, and the batch's export asked for right after it must list it (the
     * README walkthrough does both). Sixteen affiliates, each failed and paid again at once.
     */
    @Test
    void aPayoutOrBatchAskedForRightAfterAFailureTakesTheFailedPayoutsCommissions() {
        String admin = onboardMerchant("Right Again Co");
        String key = api.post("/api/v1/api-keys", admin, """
                {"name": "finance", "scopes": ["*"], "rate_limits": {"write_per_minute": 1000}}""").text("key");
        for (int i = 0; i < 16; i++) {
            String affiliate = activeAffiliate(key, "Again " + i);
            String commission = approvedCommission(key, affiliate, 4900, "USD");
            String payout = createPayout(key, affiliate).text("id");
            assertThat(api.post("/api/v1/payouts/" + payout + "/failed", key, "{\"reason\": \"account closed\"}").status())
                    .isEqualTo(200);

            Api.Response again = i % 2 == 0 ? createPayout(key, affiliate) : api.post("/api/v1/payouts/batches", key, null);

            assertThat(again.status()).as(again.body().toString()).isEqualTo(201);
            JsonNode created = i % 2 == 0 ? again.body() : again.body().get("payouts").get(0);
            assertThat(created.get("affiliateId").asString()).isEqualTo(affiliate);
            assertThat(ids(created.get("commissionIds"))).containsExactly(commission);
            assertThat(created.get("amountCents").asLong()).isEqualTo(490);
            if (i % 2 == 1) {
                // and the batch's export, asked for at once, already lists it
                Api.Response csv = api.get("/api/v1/payouts/batches/" + again.text("batchId") + "/export.csv", key);
                assertThat(csv.status()).as(csv.raw().body()).isEqualTo(200);
                assertThat(csv.raw().body()).contains(created.get("id").asString());
            }
        }
    }

    @Test
    void refusesAPayoutBelowTheProgramMinimumAndChangesNothing() {
        String key = onboardMerchant("Minimum Co");
        assertThat(api.patch("/api/v1/program", key, "{\"payout_minimum_cents\": 5000}").status()).isEqualTo(200);
        String affiliate = activeAffiliate(key, "Min Imum");
        String commission = approvedCommission(key, affiliate, 4900, "USD");

        Api.Response refused = createPayout(key, affiliate);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("detail")).isEqualTo("balance 4.90 USD of affiliate " + affiliate
                + " is below the program's payout minimum of 50.00 USD");
        assertThat(commission(key, commission, c -> true).get("payoutId").isNull()).isTrue();
        assertThat(api.get("/api/v1/payouts?affiliate_id=" + affiliate, key).body().get("data").size()).isZero();

        // the balance grows past the minimum: now it is paid, the earlier commission included
        String more = approvedCommission(key, affiliate, 49000, "USD");
        Api.Response created = createPayout(key, affiliate);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("amountCents").asLong()).isEqualTo(5390);
        assertThat(ids(created.body().get("commissionIds"))).containsExactlyInAnyOrder(commission, more);
    }

    @Test
    void refusesAPayoutAboveTheTaxFormThresholdUntilATaxFormIsOnFile() {
        String key = onboardMerchant("Tax Co");
        assertThat(api.patch("/api/v1/program", key, "{\"tax_form_threshold_cents\": 500}").status()).isEqualTo(200);
        String affiliate = activeAffiliate(key, "Tax Payer");
        approvedCommission(key, affiliate, 4900, "USD");
        approvedCommission(key, affiliate, 2500, "USD");

        Api.Response refused = createPayout(key, affiliate);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("detail")).contains("has no tax form on file").contains("would reach 7.40 USD")
                .contains("tax-form threshold of 5.00 USD");
        assertThat(eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> r.status() == 200)
                .body().get("taxForm").isNull()).isTrue();

        assertThat(api.post("/api/v1/affiliates/" + affiliate + "/tax-form", key,
                "{\"form_type\": \"W-9\", \"received_on\": \"2099-01-01\"}").status()).as("not in the future").isEqualTo(400);
        assertThat(api.post("/api/v1/affiliates/" + affiliate + "/tax-form", key,
                "{\"form_type\": \"1099\", \"received_on\": \"2026-01-01\"}").status()).as("a known form").isEqualTo(400);
        Api.Response form = api.post("/api/v1/affiliates/" + affiliate + "/tax-form", key,
                "{\"form_type\": \"w-8ben\", \"received_on\": \"2026-01-05\"}");
        assertThat(form.status()).as(form.body().toString()).isEqualTo(200);
        assertThat(form.text("formType")).isEqualTo("W-8BEN");
        JsonNode onFile = eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key),
                r -> !r.body().path("taxForm").isNull() && !r.body().path("taxForm").isMissingNode()).body().get("taxForm");
        assertThat(onFile.get("formType").asString()).isEqualTo("W-8BEN");
        assertThat(onFile.get("receivedOn").asString()).isEqualTo("2026-01-05");

        Api.Response created = createPayout(key, affiliate);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("amountCents").asLong()).isEqualTo(740);
    }

    @Test
    void nettsClawbacksOfRefundedPaidCommissionsAndRefusesANegativeBalance() {
        String key = onboardMerchant("Clawback Co");
        String merchant = merchantIdOf(key);
        assertThat(api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", SECRET))).status()).isEqualTo(200);
        String affiliate = activeAffiliate(key, "Claw Back");

        // a Stripe sale earns 490, is paid out, then refunded in full: a -490 clawback
        String sale = event("payment_intent.succeeded.json", pi -> {
            pi.put("id", "pi_claw");
            pi.put("amount", 4900);
            pi.put("amount_received", 4900);
            pi.putObject("metadata").put("affiliate_id", affiliate);
            ObjectNode charge = (ObjectNode) pi.get("charges").get("data").get(0);
            charge.put("id", "ch_claw");
            charge.put("payment_intent", "pi_claw");
        });
        assertThat(deliver(api, port, merchant, SECRET, sale).status()).isEqualTo(200);
        String saleCommission = eventually(() -> api.get("/api/v1/commissions?affiliate_id=" + affiliate, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
        assertThat(api.post("/api/v1/commissions/" + saleCommission + "/approve", key, null).status()).isEqualTo(200);
        String first = createPayout(key, affiliate).text("id");
        api.post("/api/v1/payouts/" + first + "/sent", key, "{\"external_reference\": \"po_a\"}");
        api.post("/api/v1/payouts/" + first + "/paid", key, null);
        commission(key, saleCommission, c -> "paid".equals(text(c, "status")));
        String refund = event("charge.refunded.json", ch -> {
            ch.put("id", "ch_claw");
            ch.put("payment_intent", "pi_claw");
            ch.put("amount", 4900);
            ch.put("amount_captured", 4900);
            ch.put("amount_refunded", 4900);
            ch.put("refunded", true);
            ObjectNode re = (ObjectNode) ch.get("refunds").get("data").get(0);
            re.put("id", "re_claw");
            re.put("amount", 4900);
            re.put("charge", "ch_claw");
        });
        assertThat(deliver(api, port, merchant, SECRET, refund).text("outcome")).contains("clawed back 490");
        String clawback = eventually(() -> api.get("/api/v1/commissions?kind=clawback&affiliate_id=" + affiliate, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();

        // 250 approved against 490 clawed back: negative, refused, nothing reserved
        String small = approvedCommission(key, affiliate, 2500, "USD");
        Api.Response negative = createPayout(key, affiliate);
        assertThat(negative.status()).isEqualTo(422);
        assertThat(negative.text("detail")).startsWith("balance is negative: -2.40 USD; clawbacks exceed approved commissions");
        assertThat(commission(key, clawback, c -> true).get("payoutId").isNull()).isTrue();
        assertThat(commission(key, small, c -> true).get("payoutId").isNull()).isTrue();

        // 900 more: 250 + 900 − 490 = 660, the clawback netted
        String big = approvedCommission(key, affiliate, 9000, "USD");
        Api.Response net = createPayout(key, affiliate);
        assertThat(net.status()).as(net.body().toString()).isEqualTo(201);
        assertThat(net.body().get("amountCents").asLong()).isEqualTo(660);
        assertThat(ids(net.body().get("commissionIds"))).containsExactlyInAnyOrder(small, big, clawback);
    }

    @Test
    void batchesEveryEligibleAffiliateSkipsTheRefusedOnesAndExportsCsv() {
        String key = onboardMerchant("Batch Co");
        assertThat(api.patch("/api/v1/program", key, "{\"payout_minimum_cents\": 200}").status()).isEqualTo(200);
        String quoted = affiliateNamed(key, "Smith, \"Jo\"", "jo.smith@example.com");
        String formula = affiliateNamed(key, "=HYPERLINK(\"x\")", "formula@example.com");
        String small = activeAffiliate(key, "Small Balance");
        String none = activeAffiliate(key, "Nothing Approved");
        approvedCommission(key, quoted, 4900, "USD");
        approvedCommission(key, quoted, 3000, "EUR");
        approvedCommission(key, formula, 3000, "USD");
        approvedCommission(key, small, 1000, "USD");
        conversion(key, none, 5000, "USD");

        Api.Response batch = api.post("/api/v1/payouts/batches", key, null);
        assertThat(batch.status()).as(batch.body().toString()).isEqualTo(201);
        String batchId = batch.text("batchId");
        assertThat(batchId).startsWith("pob_");
        List<String> paid = new ArrayList<>();
        batch.body().get("payouts").forEach(p -> paid.add(p.get("affiliateId").asString() + " " + p.get("currency").asString()
                + " " + p.get("amountCents").asLong() + " " + p.get("batchId").asString()));
        assertThat(paid).containsExactlyInAnyOrder(quoted + " USD 490 " + batchId, quoted + " EUR 300 " + batchId,
                formula + " USD 300 " + batchId);
        JsonNode skipped = batch.body().get("skipped");
        assertThat(skipped.size()).as("an affiliate with nothing approved is not a candidate at all").isEqualTo(1);
        assertThat(skipped.get(0).get("affiliateId").asString()).isEqualTo(small);
        assertThat(skipped.get(0).get("currency").asString()).isEqualTo("USD");
        assertThat(skipped.get(0).get("reason").asString()).isEqualTo("balance 1.00 USD of affiliate " + small
                + " is below the program's payout minimum of 2.00 USD");
        assertThat(paid).hasSize(3);

        eventually(() -> api.get("/api/v1/payouts?batch_id=" + batchId, key), r -> r.body().get("data").size() == 3);
        Api.Response csv = eventually(() -> api.get("/api/v1/payouts/batches/" + batchId + "/export.csv", key),
                r -> r.status() == 200 && r.raw().body().split("\r\n").length == 4);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.raw().body().split("\r\n");
        assertThat(lines[0]).isEqualTo("payout_id,affiliate_id,affiliate_email,affiliate_name,amount_cents,amount,currency,"
                + "commission_count,status,external_reference,created_at");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("," + quoted + ",jo.smith@example.com,\"Smith, \"\"Jo\"\"\",490,4.90,USD,1,created,,"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("," + formula + ",formula@example.com,\"'=HYPERLINK(\"\"x\"\")\",300,3.00,USD,1,created,,"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(",300,3.00,EUR,1,created,,"));
        assertThat(api.get("/api/v1/payouts/batches/pob_01hx5v3k8m2n4p6q8r0s2t4v6w/export.csv", key).status()).isEqualTo(404);

        Api.Response usdOnly = api.get("/api/v1/payouts?batch_id=" + batchId + "&currency=usd", key);
        assertThat(usdOnly.body().get("data").size()).isEqualTo(2);
    }

    @Test
    void twoConcurrentPayoutsOfOneAffiliatePayItsCommissionsOnce() throws Exception {
        String key = onboardMerchant("Race Co");
        String affiliate = activeAffiliate(key, "Race Condition");
        List<String> commissions = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            commissions.add(approvedCommission(key, affiliate, 1000 * i, "USD"));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Api client = new Api(port);
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return client.post("/api/v1/payouts", key, Api.json(Map.of("affiliate_id", affiliate)));
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        List<String> included = new ArrayList<>();
        for (CompletableFuture<Api.Response> call : calls) {
            Api.Response response = call.get();
            statuses.add(response.status());
            if (response.status() == 201) {
                included.addAll(ids(response.body().get("commissionIds")));
            }
        }
        assertThat(statuses).as("one wins; the other finds nothing left to pay").containsExactlyInAnyOrder(201, 422);
        assertThat(included).containsExactlyInAnyOrderElementsOf(commissions);
        JsonNode payouts = eventually(() -> api.get("/api/v1/payouts?affiliate_id=" + affiliate, key),
                r -> r.body().get("data").size() >= 1).body().get("data");
        assertThat(payouts.size()).isEqualTo(1);
        assertThat(payouts.get(0).get("amountCents").asLong()).isEqualTo(1500);
    }

    @Test
    void paysEachCurrencySeparatelyAndNeverAddsThemUp() {
        String key = onboardMerchant("Currencies Co");
        String affiliate = activeAffiliate(key, "Multi Currency");
        String usd = approvedCommission(key, affiliate, 4900, "USD");
        String eur = approvedCommission(key, affiliate, 3000, "EUR");

        Api.Response inProgramCurrency = createPayout(key, affiliate);
        assertThat(inProgramCurrency.status()).isEqualTo(201);
        assertThat(inProgramCurrency.text("currency")).isEqualTo("USD");
        assertThat(ids(inProgramCurrency.body().get("commissionIds"))).containsExactly(usd);
        assertThat(inProgramCurrency.body().get("amountCents").asLong()).isEqualTo(490);

        Api.Response inEuros = api.post("/api/v1/payouts", key, Api.json(Map.of("affiliate_id", affiliate, "currency", "eur")));
        assertThat(inEuros.status()).as(inEuros.body().toString()).isEqualTo(201);
        assertThat(inEuros.text("currency")).isEqualTo("EUR");
        assertThat(ids(inEuros.body().get("commissionIds"))).containsExactly(eur);
        assertThat(inEuros.body().get("amountCents").asLong()).isEqualTo(300);
        eventually(() -> api.get("/api/v1/payouts?affiliate_id=" + affiliate + "&currency=EUR", key),
                r -> r.body().get("data").size() == 1);
    }

    @Test
    void anotherMerchantsAffiliateAndPayoutAreNotFound() {
        String key = onboardMerchant("Mine");
        String other = onboardMerchant("Theirs");
        String affiliate = activeAffiliate(key, "Not Yours");
        approvedCommission(key, affiliate, 4900, "USD");
        String payout = createPayout(key, affiliate).text("id");

        assertThat(createPayout(other, affiliate).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/payouts/" + payout + "/sent", other, null).status()).isEqualTo(404);
        assertThat(eventually(() -> api.get("/api/v1/payouts/" + payout, key), r -> r.status() == 200).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/payouts/" + payout, other).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/affiliates/" + affiliate + "/tax-form", other,
                "{\"form_type\": \"W-9\", \"received_on\": \"2026-01-05\"}").status()).isEqualTo(404);
    }

    @Test
    void anotherMerchantsKeyCannotMarkAPayoutPaidOrFailedAndThePayoutIsUntouched() {
        String key = onboardMerchant("Owner Co");
        String other = onboardMerchant("Intruder Co");
        String affiliate = activeAffiliate(key, "Owned Payee");
        approvedCommission(key, affiliate, 4900, "USD");
        String payout = createPayout(key, affiliate).text("id");

        Api.Response failedWhileCreated = api.post("/api/v1/payouts/" + payout + "/failed", other, "{\"reason\": \"spite\"}");
        assertThat(failedWhileCreated.status()).as(failedWhileCreated.body().toString()).isEqualTo(404);
        assertThat(api.post("/api/v1/payouts/" + payout + "/sent", key, "{\"external_reference\": \"po_9\"}").status())
                .isEqualTo(200);

        Api.Response paid = api.post("/api/v1/payouts/" + payout + "/paid", other, null);
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(404);
        Api.Response failed = api.post("/api/v1/payouts/" + payout + "/failed", other, "{\"reason\": \"spite\"}");
        assertThat(failed.status()).as(failed.body().toString()).isEqualTo(404);

        Api.Response ownerPaid = api.post("/api/v1/payouts/" + payout + "/paid", key, null);
        assertThat(ownerPaid.status()).as("still sent, so its owner can mark it paid: " + ownerPaid.body()).isEqualTo(200);
        assertThat(ownerPaid.text("status")).isEqualTo("paid");
    }

    @Test
    void refusesToPayABannedAffiliate() {
        String key = onboardMerchant("Ban Co");
        String affiliate = activeAffiliate(key, "Banned Payee");
        String commission = approvedCommission(key, affiliate, 4900, "USD");
        assertThat(api.post("/api/v1/affiliates/" + affiliate + "/ban", key, null).status()).isEqualTo(200);
        Api.Response refused = createPayout(key, affiliate);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("detail")).isEqualTo("affiliate " + affiliate + " is banned; banned affiliates are not paid");
        assertThat(commission(key, commission, c -> true).get("payoutId").isNull()).isTrue();
    }

    // ---- helpers ----

    private Api.Response createPayout(String key, String affiliate) {
        return api.post("/api/v1/payouts", key, Api.json(Map.of("affiliate_id", affiliate)));
    }

    private String affiliateNamed(String key, String name, String email) {
        Api.Response created = api.post("/api/v1/affiliates", key, Api.json(Map.of("name", name, "email", email,
                "short_code", "a" + Long.toString(System.nanoTime(), 36), "status", "active")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    private String conversion(String key, String affiliate, long amountCents, String currency) {
        Api.Response recorded = api.post("/api/v1/conversions", key,
                Api.json(Map.of("affiliate_id", affiliate, "amount_cents", amountCents, "currency", currency)));
        assertThat(recorded.status()).as(recorded.body().toString()).isEqualTo(201);
        return recorded.text("id");
    }

    private String commissionOf(String key, String conversion) {
        return eventually(() -> api.get("/api/v1/conversions/" + conversion, key), r -> r.status() == 200).text("commissionId");
    }

    /** A conversion whose 10 % commission is approved by hand; waits until a payout can see it. */
    private String approvedCommission(String key, String affiliate, long amountCents, String currency) {
        String commission = commissionOf(key, conversion(key, affiliate, amountCents, currency));
        Api.Response approved = api.post("/api/v1/commissions/" + commission + "/approve", key, null);
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        return commission;
    }

    private JsonNode commission(String key, String id, java.util.function.Predicate<JsonNode> until) {
        return eventually(() -> api.get("/api/v1/commissions/" + id, key), r -> r.status() == 200 && until.test(r.body())).body();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asString()));
        return ids;
    }
}
