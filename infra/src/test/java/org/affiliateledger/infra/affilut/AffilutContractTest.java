package org.affiliateledger.infra.affilut;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The affilut page's documented endpoints and curl examples, field for field. */
class AffilutContractTest extends LedgerIntegrationTest {
    private String key;
    private String affiliateId;

    @BeforeEach
    void merchantWithAnActiveAffiliate() {
        key = onboardMerchant("Affilut contract");
        affiliateId = activeAffiliate(key, "Jane Smith");
    }

    @Test
    void recordsAManualConversionAsInTheCurlExample() {
        Api.Response created = api.post("/api/v1/conversions", key,
                """
                {"affiliate_id": "%s", "amount_cents": 4900, "external_id": "inv_2026_00142"}""".formatted(affiliateId));

        assertThat(created.status()).isEqualTo(201);
        // affilut's two fields, as documented; the rest (issue 12: read-your-writes) only adds to them
        assertThat(fieldNames(created.body())).contains("id", "commissionCents", "commissionId");
        assertThat(created.text("id")).startsWith("cnv_");
        assertThat(created.body().get("commissionCents").asLong()).isEqualTo(490);
    }

    @Test
    void refusesTheSameExternalIdTwiceWith409() {
        String body = """
                {"affiliate_id": "%s", "amount_cents": 4900, "external_id": "inv_dup"}""".formatted(affiliateId);
        String first = api.post("/api/v1/conversions", key, body).text("id");

        Api.Response second = api.post("/api/v1/conversions", key, body);

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.text("detail")).contains("inv_dup").contains(first);
        Api.Response list = eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + affiliateId, key),
                r -> r.body().get("data").size() >= 1);
        assertThat(list.body().get("data")).hasSize(1);
    }

    @Test
    void acceptsConversionsWithoutExternalIdEachTime() {
        String body = """
                {"affiliate_id": "%s", "amount_cents": 1000}""".formatted(affiliateId);

        assertThat(api.post("/api/v1/conversions", key, body).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/conversions", key, body).status()).isEqualTo(201);
    }

    @Test
    void answersMissingOrInvalidFieldsWith400AndRecordsNothing() {
        List<String> bad = List.of(
                "{}",
                "{\"amount_cents\": 4900}",
                "{\"affiliate_id\": \"%s\"}",
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 0}",
                "{\"affiliate_id\": \"%s\", \"amount_cents\": -5}",
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 49.5}",
                "{\"affiliate_id\": \"%s\", \"amount_cents\": \"4900\"}",
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 4900, \"external_id\": \"\"}",
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 4900, \"currency\": \"XYZ\"}",
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 99999999999999999999}",
                "not json",
                "[1, 2]");
        for (String template : bad) {
            Api.Response response = api.post("/api/v1/conversions", key, template.replace("%s", affiliateId));
            assertThat(response.status()).as(template).isEqualTo(400);
            assertThat(response.contentType()).as(template).startsWith("application/problem+json");
            assertThat(response.text("detail")).as(template).isNotBlank();
        }
        assertThat(api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + affiliateId + "\", \"amount_cents\": 0}")
                .text("detail")).contains("amount_cents");

        api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + affiliateId + "\", \"amount_cents\": 7}");
        Api.Response list = eventually(() -> api.get("/api/v1/conversions", key), r -> r.body().get("data").size() >= 1);
        assertThat(list.body().get("data")).hasSize(1);
    }

    @Test
    void answersAnUnknownAffiliateWith404() {
        Api.Response unknown = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"aff_01hx0000000000000000000000\", \"amount_cents\": 4900}");
        Api.Response malformed = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"jane\", \"amount_cents\": 4900}");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("detail")).contains("aff_01hx0000000000000000000000");
        assertThat(malformed.status()).isEqualTo(404);
    }

    @Test
    void answersMissingOrInvalidKeysWith401() {
        for (String bad : new String[]{null, "aff_a1b2c3d4", "alk_" + "x".repeat(38)}) {
            Api.Response response = api.get("/api/v1/affiliates", bad);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.post("/api/v1/conversions", null, "{}").status()).isEqualTo(401);
    }

    @Test
    void listsAffiliatesWithTheDocumentedFieldsAndDefaults() {
        Api.Response list = eventually(() -> api.get("/api/v1/affiliates", key),
                r -> r.body().get("data").size() == 1 && r.body().get("data").get(0).get("activatedAt").isString());

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("page").asInt()).isEqualTo(1);
        assertThat(list.body().get("limit").asInt()).isEqualTo(50);
        JsonNode jane = list.body().get("data").get(0);
        assertThat(fieldNames(jane)).containsExactlyInAnyOrder(
                "id", "name", "email", "shortCode", "status", "commissionOverride", "createdAt", "activatedAt",
                // the ledger's additions, which affilut clients ignore
                "taxForm");
        assertThat(jane.get("id").asString()).isEqualTo(affiliateId);
        assertThat(jane.get("name").asString()).isEqualTo("Jane Smith");
        assertThat(jane.get("shortCode").asString()).matches("jane-smith-[a-z0-9]{4}");
        assertThat(jane.get("status").asString()).isEqualTo("active");
        assertThat(jane.get("commissionOverride").isNull()).isTrue();
        assertThat(jane.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(jane.get("activatedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void pagesThroughAffiliatesOneBasedWithALimitOfAtMost100() {
        for (int i = 0; i < 4; i++) {
            activeAffiliate(key, "Pager " + i);
        }
        eventually(() -> api.get("/api/v1/affiliates", key), r -> r.body().get("data").size() == 5);

        Api.Response page1 = api.get("/api/v1/affiliates?page=1&limit=2", key);
        Api.Response page2 = api.get("/api/v1/affiliates?page=2&limit=2", key);
        Api.Response page3 = api.get("/api/v1/affiliates?page=3&limit=2", key);

        assertThat(page1.body().get("data")).hasSize(2);
        assertThat(page2.body().get("data")).hasSize(2);
        assertThat(page3.body().get("data")).hasSize(1);
        assertThat(page2.body().get("page").asInt()).isEqualTo(2);
        Set<String> ids = new java.util.HashSet<>();
        for (Api.Response page : List.of(page1, page2, page3)) {
            page.body().get("data").forEach(a -> ids.add(a.get("id").asString()));
        }
        assertThat(ids).hasSize(5);
        Api.Response capped = api.get("/api/v1/affiliates?limit=500", key);
        assertThat(capped.status()).as("a limit above 100 is capped, as the README says").isEqualTo(200);
        assertThat(capped.body().get("limit").asInt()).isEqualTo(100);
        assertThat(api.get("/api/v1/affiliates?limit=0", key).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/affiliates?page=0", key).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/affiliates?page=abc", key).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/affiliates?limit=100", key).status()).isEqualTo(200);
    }

    @Test
    void listsConversionsFilteredByStatusAndAffiliateAsInTheCurlExample() {
        String other = activeAffiliate(key, "Other Person");
        String approvedId = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliateId + "\", \"amount_cents\": 4900}").text("id");
        api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + affiliateId + "\", \"amount_cents\": 1000}");
        api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + other + "\", \"amount_cents\": 2500}");
        JsonNode approved = eventually(() -> api.get("/api/v1/conversions/" + approvedId, key), r -> r.status() == 200).body();
        assertThat(api.post("/api/v1/commissions/" + approved.get("commissionId").asString() + "/approve", key, null).status())
                .isEqualTo(200);

        Api.Response filtered = eventually(
                () -> api.get("/api/v1/conversions?status=approved&affiliate_id=" + affiliateId, key),
                r -> r.body().get("data").size() == 1);

        JsonNode conversion = filtered.body().get("data").get(0);
        assertThat(conversion.get("id").asString()).isEqualTo(approvedId);
        assertThat(conversion.get("affiliateId").asString()).isEqualTo(affiliateId);
        assertThat(conversion.get("stripeChargeId").asString()).isEqualTo("manual");
        assertThat(conversion.get("amountCents").asLong()).isEqualTo(4900);
        assertThat(conversion.get("commissionCents").asLong()).isEqualTo(490);
        assertThat(conversion.get("status").asString()).isEqualTo("approved");
        assertThat(fieldNames(conversion)).contains("id", "affiliateId", "stripeChargeId", "amountCents", "commissionCents",
                "status", "createdAt");
        assertThat(eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + affiliateId, key),
                r -> r.body().get("data").size() == 2).body().get("data")).hasSize(2);
        assertThat(eventually(() -> api.get("/api/v1/conversions?status=pending", key),
                r -> r.body().get("data").size() == 2).body().get("data")).hasSize(2);
        assertThat(api.get("/api/v1/conversions?status=bogus", key).status()).isEqualTo(400);
    }

    @Test
    void showsManualConversionsWithTheirExternalIdAsTheChargeReference() {
        String id = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliateId + "\", \"amount_cents\": 4900, \"external_id\": \"inv_7\"}").text("id");

        JsonNode conversion = eventually(() -> api.get("/api/v1/conversions/" + id, key), r -> r.status() == 200).body();

        assertThat(conversion.get("stripeChargeId").asString()).isEqualTo("manual:inv_7");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
