package org.affiliateledger.infra.history;

import org.affiliateledger.command.apikey.ApiKeySecrets;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.affiliateledger.infra.history.History.all;
import static org.affiliateledger.infra.history.History.hasTypes;
import static org.affiliateledger.infra.history.History.one;
import static org.affiliateledger.infra.history.History.q;
import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.affiliateledger.infra.support.StripeEvents.idOf;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/history} and the resource timelines: who caused each event, why, when, and the filters. */
class HistoryHttpTest extends LedgerIntegrationTest {
    private static final String STRIPE_SECRET = "whsec_historyTestSecret0123456789ab";

    private record Merchant(String id, String key, String keyId) {
    }

    private Merchant merchant(String name) {
        Api.Response created = api.post("/admin/v1/merchants", ADMIN_TOKEN, Api.json(Map.of("name", name)));
        assertThat(created.status()).isEqualTo(201);
        return new Merchant(created.text("id"), created.body().get("apiKey").get("key").asString(),
                created.body().get("apiKey").get("id").asString());
    }

    private String conversion(String key, String affiliate, long cents, String requestId) {
        Api.Response created = History.post(api, port, "/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": " + cents + "}", requestId);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    private String commissionOf(String key, String conversion) {
        return eventually(() -> api.get("/api/v1/conversions/" + conversion, key), r -> r.status() == 200).text("commissionId");
    }

    @Test
    void recordsTheApiKeyTheRequestAndTheChainOfCausesOfEveryEvent() {
        Merchant m = merchant("History actors");
        Api.Response registered = History.post(api, port, "/api/v1/affiliates", m.key(),
                "{\"name\": \"Hist Ory\", \"email\": \"hist.ory@example.com\", \"status\": \"active\"}", "hist-affiliate-1");
        assertThat(registered.status()).isEqualTo(201);
        String affiliate = registered.text("id");
        String conversion = conversion(m.key(), affiliate, 4900, "hist-conversion-1");
        String commission = commissionOf(m.key(), conversion);

        List<JsonNode> items = all(api, "/api/v1/history", m.key());
        eventually(() -> api.get("/api/v1/history?resource_id=" + commission, m.key()), hasTypes("commission.created"));
        items = all(api, "/api/v1/history", m.key());

        JsonNode created = one(items, "program.created");
        assertThat(created.get("actor").asString()).isEqualTo("admin");
        assertThat(created.get("resourceType").asString()).isEqualTo("program");
        assertThat(created.get("resourceId").asString()).isEqualTo(m.id());
        JsonNode issued = one(items, "api_key.issued");
        assertThat(issued.get("actor").asString()).isEqualTo("admin");
        assertThat(issued.get("data").get("secretHash").asString()).isEqualTo("[redacted]");

        JsonNode affiliateRegistered = one(items, "affiliate.registered");
        JsonNode affiliateApproved = one(items, "affiliate.approved");
        for (JsonNode item : List.of(affiliateRegistered, affiliateApproved)) {
            assertThat(item.get("actor").asString()).isEqualTo("api_key:" + m.keyId());
            assertThat(item.get("requestId").asString()).isEqualTo("hist-affiliate-1");
            assertThat(item.get("resourceId").asString()).isEqualTo(affiliate);
        }
        assertThat(affiliateRegistered.get("sequence").asLong()).isZero();
        assertThat(affiliateApproved.get("sequence").asLong()).isEqualTo(1);
        assertThat(affiliateRegistered.get("data").get("email").asString()).isEqualTo("hist.ory@example.com");

        JsonNode recorded = one(items, "conversion.recorded");
        JsonNode commissionCreated = one(items, "commission.created");
        assertThat(recorded.get("data").get("amountCents").asLong()).isEqualTo(4900);
        assertThat(commissionCreated.get("resourceId").asString()).isEqualTo(commission);
        for (JsonNode item : List.of(recorded, commissionCreated)) {
            assertThat(item.get("requestId").asString()).isEqualTo("hist-conversion-1");
            assertThat(item.get("actor").asString()).isEqualTo("api_key:" + m.keyId());
            assertThat(item.get("effectiveAt").asString()).isEqualTo(item.get("recordedAt").asString());
        }
        // one request, one command: both events share its correlation and were caused by that command
        assertThat(recorded.get("correlationId").asString()).isEqualTo(commissionCreated.get("correlationId").asString());
        assertThat(recorded.get("causationId").asString()).isEqualTo(commissionCreated.get("causationId").asString());
        Set<String> eventIds = items.stream().map(i -> i.get("id").asString()).collect(Collectors.toSet());
        assertThat(eventIds).doesNotContain(recorded.get("causationId").asString());

        List<Long> positions = items.stream().map(i -> i.get("position").asLong()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(items).allSatisfy(item -> {
            assertThat(item.get("type").asString()).doesNotContain("org.").matches("[a-z_]+\\.[a-z_]+");
            assertThat(item.get("recordedAt").asString()).endsWith("Z");
        });
        // linked into the chain a moment later
        JsonNode linked = eventually(() -> api.get("/api/v1/history?resource_id=" + commission, m.key()),
                r -> r.status() == 200 && !r.body().get("data").get(0).get("chainHash").isNull()).body().get("data").get(0);
        assertThat(linked.get("chainHash").asString()).matches("[0-9a-f]{64}");
    }

    @Test
    void theHoldPeriodDeadlineApprovesAsTheScheduleEffectiveWhenTheHoldEnded() {
        Merchant m = merchant("History schedule");
        assertThat(api.patch("/api/v1/program", m.key(), "{\"hold_days\": 0}").status()).isEqualTo(200);
        String affiliate = activeAffiliate(m.key(), "Held Day");
        String commission = commissionOf(m.key(), conversion(m.key(), affiliate, 3000, "hist-hold-1"));

        List<JsonNode> timeline = eventually(() -> api.get("/api/v1/commissions/" + commission + "/history", m.key()),
                hasTypes("commission.created", "commission.approved")).body().get("data").valueStream().toList();
        JsonNode created = one(timeline, "commission.created");
        JsonNode approved = one(timeline, "commission.approved");
        assertThat(approved.get("actor").asString()).isEqualTo("schedule");
        assertThat(approved.get("requestId").isNull()).as("a deadline belongs to no request").isTrue();
        String approvableAt = api.get("/api/v1/commissions/" + commission, m.key()).text("approvableAt");
        assertThat(approved.get("effectiveAt").asString()).as("effective when the hold period ended").isEqualTo(approvableAt);
        assertThat(Instant.parse(approved.get("recordedAt").asString())).isAfterOrEqualTo(Instant.parse(approvableAt));
        // the chain of causes: the deadline was scheduled by the commission's creation
        assertThat(approved.get("causationId").asString()).isEqualTo(created.get("id").asString());
        assertThat(approved.get("correlationId").asString()).isEqualTo(created.get("correlationId").asString());
        assertThat(created.get("requestId").asString()).isEqualTo("hist-hold-1");
    }

    @Test
    void aStripeEventIsTheActorAndTheStripeObjectsOwnTimeIsTheEffectiveTime() {
        Merchant m = merchant("History Stripe");
        assertThat(api.patch("/api/v1/program", m.key(), Api.json(Map.of("stripe_webhook_secret", STRIPE_SECRET))).status())
                .isEqualTo(200);
        String affiliate = activeAffiliate(m.key(), "Stripe Ref");
        Instant charged = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant refundedAt = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String sale = event("charge.succeeded.json", ch -> {
            ch.put("id", "ch_hist_1");
            ch.put("payment_intent", "pi_hist_1");
            ch.put("amount", 4000);
            ch.put("amount_captured", 4000);
            ch.put("created", charged.getEpochSecond());
            ch.putObject("metadata").put("affiliate_id", affiliate);
        });
        assertThat(deliver(api, port, m.id(), STRIPE_SECRET, sale).text("outcome")).startsWith("recorded conversion");
        String refund = event("charge.refunded.json", ch -> {
            ch.put("id", "ch_hist_1");
            ch.put("payment_intent", "pi_hist_1");
            ch.put("amount", 4000);
            ch.put("amount_refunded", 1000);
            ((ObjectNode) ch.get("refunds").get("data").get(0)).put("id", "re_hist_1").put("amount", 1000)
                    .put("created", refundedAt.getEpochSecond());
        });
        assertThat(deliver(api, port, m.id(), STRIPE_SECRET, refund).text("outcome")).contains("reduced");

        List<JsonNode> items = eventually(() -> api.get("/api/v1/history?resource_type=conversion", m.key()),
                hasTypes("conversion.recorded", "conversion.refunded")).body().get("data").valueStream().toList();
        JsonNode recorded = one(items, "conversion.recorded");
        assertThat(recorded.get("actor").asString()).isEqualTo("stripe:" + idOf(sale));
        assertThat(recorded.get("effectiveAt").asString()).isEqualTo(charged.toString().replace("Z", ".000Z"));
        assertThat(recorded.get("requestId").asString()).isNotBlank();
        JsonNode refunded = one(items, "conversion.refunded");
        assertThat(refunded.get("actor").asString()).isEqualTo("stripe:" + idOf(refund));
        assertThat(refunded.get("effectiveAt").asString()).as("effective when Stripe refunded, recorded when it told us")
                .isEqualTo(refundedAt.toString().replace("Z", ".000Z"));
        assertThat(Instant.parse(refunded.get("recordedAt").asString())).isAfter(refundedAt.plus(23, ChronoUnit.HOURS));

        String commission = one(all(api, "/api/v1/history?type=commission.created", m.key()), "commission.created")
                .get("resourceId").asString();
        JsonNode reduced = one(eventually(() -> api.get("/api/v1/commissions/" + commission + "/history", m.key()),
                hasTypes("commission.reduced")).body().get("data").valueStream().toList(), "commission.reduced");
        assertThat(reduced.get("actor").asString()).isEqualTo("stripe:" + idOf(refund));
        assertThat(reduced.get("effectiveAt").asString()).isEqualTo(refunded.get("effectiveAt").asString());
        assertThat(reduced.get("correlationId").asString()).isEqualTo(refunded.get("correlationId").asString());
    }

    @Test
    void aPayoutPaidAtAGivenTimeAndTheCommissionsItsSagaPaysTakeEffectThen() {
        Merchant m = merchant("History payout");
        String affiliate = activeAffiliate(m.key(), "Paid Out");
        String commission = commissionOf(m.key(), conversion(m.key(), affiliate, 5000, "hist-payout-cnv"));
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", m.key(), null).status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/commissions/" + commission, m.key()), r -> "approved".equals(r.text("status")));
        Api.Response payout = api.post("/api/v1/payouts", m.key(), "{\"affiliate_id\": \"" + affiliate + "\"}");
        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(201);
        String payoutId = payout.text("id");
        assertThat(api.post("/api/v1/payouts/" + payoutId + "/sent", m.key(), "{\"external_reference\": \"po_h\"}").status())
                .isEqualTo(200);

        Api.Response future = api.post("/api/v1/payouts/" + payoutId + "/paid", m.key(),
                "{\"paid_at\": \"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}");
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.text("detail")).contains("paid_at");
        Api.Response malformed = api.post("/api/v1/payouts/" + payoutId + "/paid", m.key(), "{\"paid_at\": \"yesterday\"}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text("detail")).contains("paid_at");

        String paidAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS).toString();
        Api.Response paid = History.post(api, port, "/api/v1/payouts/" + payoutId + "/paid", m.key(),
                "{\"paid_at\": \"" + paidAt + "\"}", "hist-payout-paid");
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
        assertThat(eventually(() -> api.get("/api/v1/payouts/" + payoutId, m.key()), r -> "paid".equals(r.text("status")))
                .text("paidAt")).isEqualTo(paidAt);

        JsonNode payoutPaid = one(eventually(() -> api.get("/api/v1/payouts/" + payoutId + "/history", m.key()),
                hasTypes("payout.paid")).body().get("data").valueStream().toList(), "payout.paid");
        assertThat(payoutPaid.get("effectiveAt").asString()).isEqualTo(paidAt);
        assertThat(payoutPaid.get("actor").asString()).isEqualTo("api_key:" + m.keyId());
        JsonNode commissionPaid = one(eventually(() -> api.get("/api/v1/commissions/" + commission + "/history", m.key()),
                hasTypes("commission.paid")).body().get("data").valueStream().toList(), "commission.paid");
        assertThat(commissionPaid.get("actor").asString()).isEqualTo("saga:payout");
        assertThat(commissionPaid.get("effectiveAt").asString()).as("paid when its payout was").isEqualTo(paidAt);
        assertThat(commissionPaid.get("requestId").asString()).isEqualTo("hist-payout-paid");
        assertThat(commissionPaid.get("causationId").asString()).isEqualTo(payoutPaid.get("id").asString());
        assertThat(commissionPaid.get("correlationId").asString()).isEqualTo(payoutPaid.get("correlationId").asString());
    }

    @Test
    void filtersByResourceTypeActorCorrelationAndRecordedTime() {
        Merchant m = merchant("History filters");
        String affiliate = activeAffiliate(m.key(), "Fil Ter");
        String first = conversion(m.key(), affiliate, 1000, "hist-filter-1");
        String second = conversion(m.key(), affiliate, 2000, "hist-filter-2");
        String secondCommission = commissionOf(m.key(), second);
        eventually(() -> api.get("/api/v1/history?resource_id=" + secondCommission, m.key()), hasTypes("commission.created"));
        List<JsonNode> everything = all(api, "/api/v1/history", m.key());

        assertThat(all(api, "/api/v1/history?resource_type=commission", m.key()))
                .hasSize(2).allSatisfy(item -> assertThat(item.get("resourceType").asString()).isEqualTo("commission"));
        assertThat(all(api, "/api/v1/history?type=conversion.recorded", m.key())).extracting(item -> item.get("resourceId").asString())
                .containsExactly(first, second);
        assertThat(all(api, "/api/v1/history?resource_id=" + first, m.key())).extracting(item -> item.get("type").asString())
                .containsExactly("conversion.recorded");
        assertThat(all(api, "/api/v1/history?actor=admin", m.key())).extracting(item -> item.get("type").asString())
                .containsExactly("program.created", "api_key.issued");
        assertThat(all(api, "/api/v1/history?actor=" + q("api_key:" + m.keyId()), m.key()))
                .hasSize(everything.size() - 2);
        String correlation = History.ofType(everything, "conversion.recorded").get(0).get("correlationId").asString();
        assertThat(all(api, "/api/v1/history?correlation_id=" + q(correlation), m.key()))
                .extracting(item -> item.get("type").asString())
                // the first conversion in the program currency also locks the currency, in the same request
                .containsExactlyInAnyOrder("program.currency_locked", "conversion.recorded", "commission.created");

        JsonNode secondRecorded = everything.stream().filter(item -> item.get("resourceId").asString().equals(second)).findFirst().orElseThrow();
        String from = secondRecorded.get("recordedAt").asString();
        List<JsonNode> since = all(api, "/api/v1/history?from=" + q(from), m.key());
        assertThat(since).isNotEmpty().allSatisfy(item -> assertThat(item.get("recordedAt").asString()).isGreaterThanOrEqualTo(from));
        assertThat(since).extracting(item -> item.get("resourceId").asString()).contains(second).doesNotContain(first);
        List<JsonNode> until = all(api, "/api/v1/history?to=" + q(from), m.key());
        assertThat(until).allSatisfy(item -> assertThat(item.get("recordedAt").asString()).isLessThanOrEqualTo(from));
        assertThat(until).extracting(item -> item.get("resourceId").asString()).contains(first, second);
        assertThat(all(api, "/api/v1/history?from=" + q(from) + "&to=" + q(from) + "&type=conversion.recorded", m.key()))
                .extracting(item -> item.get("resourceId").asString()).containsExactly(second);

        // a cursor walk one by one sees the same events in the same order
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/api/v1/history?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), m.key());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("limit").asInt()).isEqualTo(1);
            page.body().get("data").forEach(item -> walked.add(item.get("id").asString()));
            cursor = page.body().get("next_cursor").isNull() ? null : page.text("next_cursor");
        } while (cursor != null);
        assertThat(walked).isEqualTo(everything.stream().map(item -> item.get("id").asString()).toList());
    }

    @Test
    void refusesBadInputWithAProblemNamingTheParameter() {
        Merchant m = merchant("History bad input");
        String affiliate = activeAffiliate(m.key(), "Bad In");
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("/api/v1/history?resourceId=" + affiliate, "resourceId");
        refusals.put("/api/v1/history?cursor=not-a-cursor", "cursor");
        refusals.put("/api/v1/history?cursor=" + java.util.Base64.getUrlEncoder().encodeToString("v1:aff_x".getBytes()), "cursor");
        refusals.put("/api/v1/history?from=yesterday", "from");
        refusals.put("/api/v1/history?to=2026-13-01T00:00:00Z", "to");
        refusals.put("/api/v1/history?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
        refusals.put("/api/v1/history?type=commission.exploded", "type");
        refusals.put("/api/v1/history?resource_type=widget", "resource_type");
        refusals.put("/api/v1/history?limit=0", "limit");
        refusals.put("/api/v1/history?limit=101", "limit");
        refusals.put("/api/v1/history?actor=", "actor");
        refusals.put("/api/v1/affiliates/" + affiliate + "/history?resource_type=affiliate", "resource_type");
        refusals.put("/api/v1/history/export?cursor=abc", "cursor");
        refusals.put("/api/v1/history/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
        refusals.put("/api/v1/affiliates/" + affiliate + "?as_of=yesterday", "as_of");
        refusals.put("/api/v1/affiliates/" + affiliate + "?as_of=" + q(Instant.now().plus(1, ChronoUnit.HOURS).toString()), "as_of");
        eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/history", m.key()), r -> r.status() == 200);
        refusals.forEach((path, parameter) -> {
            Api.Response refused = api.get(path, m.key());
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.contentType()).as(path).startsWith("application/problem+json");
            assertThat(refused.text("detail")).as(path).contains(parameter);
            assertThat(refused.text("code")).as(path).isNotBlank();
        });
    }

    @Test
    void anotherMerchantsHistoryIsNeverShown() {
        Merchant a = merchant("History A");
        Merchant b = merchant("History B");
        String affiliate = activeAffiliate(a.key(), "Only A");
        String commission = commissionOf(a.key(), conversion(a.key(), affiliate, 1500, "hist-a-1"));
        eventually(() -> api.get("/api/v1/commissions/" + commission + "/history", a.key()), hasTypes("commission.created"));

        List<JsonNode> seenByB = all(api, "/api/v1/history", b.key());
        assertThat(seenByB).isNotEmpty().allSatisfy(item -> {
            assertThat(item.get("resourceId").asString()).isNotIn(affiliate, commission, a.id(), a.keyId());
        });
        assertThat(all(api, "/api/v1/history?resource_id=" + affiliate, b.key())).isEmpty();
        assertThat(api.get("/api/v1/affiliates/" + affiliate + "/history", b.key()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/commissions/" + commission + "/history", b.key()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/commissions/" + commission + "?as_of=" + q(Instant.now().toString()), b.key()).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/affiliates/aff_01hx5v3k8m2n4p6q8r0s2t4v6w/history", a.key()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/affiliates/not-an-id/history", a.key()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/payouts/" + commission + "/history", a.key()).status()).as("a commission id is no payout")
                .isEqualTo(404);
    }

    @Test
    void eachResourceHasItsOwnTimelineAndSecretsAreNeverShown() {
        Merchant m = merchant("History timelines");
        assertThat(api.patch("/api/v1/program", m.key(), Api.json(Map.of("stripe_webhook_secret", STRIPE_SECRET))).status())
                .isEqualTo(200);
        String affiliate = activeAffiliate(m.key(), "Time Line");
        String conversion = conversion(m.key(), affiliate, 8000, "hist-timeline-1");
        String commission = commissionOf(m.key(), conversion);
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", m.key(), null).status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/commissions/" + commission, m.key()), r -> "approved".equals(r.text("status")));
        String payout = api.post("/api/v1/payouts", m.key(), "{\"affiliate_id\": \"" + affiliate + "\"}").text("id");

        Map<String, List<String>> expected = Map.of(
                "/api/v1/affiliates/" + affiliate + "/history", List.of("affiliate.registered", "affiliate.approved"),
                "/api/v1/conversions/" + conversion + "/history", List.of("conversion.recorded"),
                "/api/v1/commissions/" + commission + "/history",
                List.of("commission.created", "commission.approved", "commission.included_in_payout"),
                "/api/v1/payouts/" + payout + "/history", List.of("payout.created"));
        expected.forEach((path, types) -> {
            Api.Response page = eventually(() -> api.get(path, m.key()), hasTypes(types.toArray(String[]::new)));
            assertThat(page.body().get("data").valueStream().map(item -> item.get("type").asString()).toList())
                    .as(path).containsExactlyElementsOf(types);
        });
        assertThat(all(api, "/api/v1/commissions/" + commission + "/history?type=commission.approved", m.key())).hasSize(1);

        eventually(() -> api.get("/api/v1/history?type=program.stripe_webhook_secret_changed", m.key()),
                hasTypes("program.stripe_webhook_secret_changed"));
        String raw = api.get("/api/v1/history?limit=100", m.key()).raw().body();
        assertThat(raw).doesNotContain(STRIPE_SECRET).doesNotContain(ApiKeySecrets.hash(m.key())).doesNotContain(m.key())
                .doesNotContain("org.affiliateledger");
    }

    @Test
    void theHeadIsTheLastLinkOfTheChain() {
        Merchant m = merchant("History head");
        String affiliate = activeAffiliate(m.key(), "He Ad");
        long position = eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/history", m.key()),
                hasTypes("affiliate.approved")).body().get("data").get(1).get("position").asLong();
        Api.Response head = eventually(() -> api.get("/api/v1/history/head", m.key()),
                r -> r.status() == 200 && r.body().get("position").asLong() >= position);
        assertThat(head.text("hash")).matches("[0-9a-f]{64}");
        assertThat(Instant.parse(head.text("at"))).isBeforeOrEqualTo(Instant.now());
        assertThat(api.get("/api/v1/history/head", null).status()).isEqualTo(401);
    }
}
