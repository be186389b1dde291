package org.affiliateledger.infra.mlm;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Cobalz registration body and MLM lineage: parents by email or id, and one commission per beneficiary. */
class AffiliateLineageHttpTest extends LedgerIntegrationTest {
    private String key;

    @BeforeEach
    void merchant() {
        key = onboardMerchant("Lineage Co");
    }

    @Test
    void registersAnAffiliateFromTheCobalzBodyWithItsFieldsMapped() {
        Api.Response created = api.post("/api/v1/affiliates", key, """
                {"email": "alice@example.com", "display_name": "Alice Chen", "slug": "alice-chen",
                 "status": "approved", "custom_commission_rate": 0.20}""");

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.text("name")).isEqualTo("Alice Chen");
        assertThat(created.text("shortCode")).isEqualTo("alice-chen");
        assertThat(created.text("status")).isEqualTo("active");
        assertThat(created.text("commissionOverride")).isEqualTo("20");
        assertThat(created.text("activatedAt")).isNotNull();
        String id = created.text("id");

        Api.Response read = eventually(() -> api.get("/api/v1/affiliates/" + id, key), r -> "active".equals(r.text("status")));
        assertThat(read.text("name")).isEqualTo("Alice Chen");
        assertThat(read.text("email")).isEqualTo("alice@example.com");
        assertThat(read.text("shortCode")).isEqualTo("alice-chen");
        assertThat(read.text("commissionOverride")).isEqualTo("20");
        assertThat(read.body().has("parentId")).isFalse();
        // the override earns: 20 % of 4900
        Api.Response conversion = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + id + "\", \"amount_cents\": 4900}");
        assertThat(conversion.body().get("commissionCents").asLong()).isEqualTo(980);
    }

    @Test
    void registersAPendingAffiliateFromTheCobalzBodyAndKeepsSlugsUnique() {
        Api.Response pending = api.post("/api/v1/affiliates", key, """
                {"email": "p@example.com", "display_name": "Pen Ding", "slug": "pen-ding", "status": "pending",
                 "custom_commission_rate": 0.125}""");
        assertThat(pending.status()).isEqualTo(201);
        assertThat(pending.text("status")).isEqualTo("pending");
        assertThat(pending.text("commissionOverride")).isEqualTo("12.5");

        Api.Response sameSlug = api.post("/api/v1/affiliates", key,
                "{\"email\": \"q@example.com\", \"display_name\": \"Q\", \"slug\": \"pen-ding\"}");
        assertThat(sameSlug.status()).isEqualTo(409);
        assertThat(sameSlug.text("detail")).contains("pen-ding");
    }

    @Test
    void refusesCobalzBodiesWithInvalidOrConflictingFields() {
        assertBadRequest("{\"email\": \"x@example.com\", \"name\": \"X\", \"display_name\": \"Y\"}",
                "give name or display_name, not both");
        assertBadRequest("{\"email\": \"x@example.com\", \"name\": \"X\", \"short_code\": \"xx-1\", \"slug\": \"xx-2\"}",
                "give short_code or slug, not both");
        assertBadRequest("{\"email\": \"x@example.com\", \"name\": \"X\", \"commission_override\": \"20\", \"custom_commission_rate\": 0.2}",
                "give commission_override or custom_commission_rate, not both");
        assertBadRequest("{\"email\": \"x@example.com\", \"display_name\": \"X\", \"custom_commission_rate\": 20}",
                "custom_commission_rate is a fraction between 0 and 1");
        assertBadRequest("{\"email\": \"x@example.com\", \"display_name\": \"X\", \"custom_commission_rate\": -0.1}",
                "custom_commission_rate is a fraction between 0 and 1");
        assertBadRequest("{\"email\": \"x@example.com\", \"display_name\": \"X\", \"custom_commission_rate\": 0.1234567}",
                "more than six decimals");
        assertBadRequest("{\"email\": \"x@example.com\", \"display_name\": \"X\", \"status\": \"rejected\"}",
                "status must be one of: pending, active, approved");
        assertBadRequest("{\"email\": \"x@example.com\", \"display_name\": \"X\", \"slug\": \"Has Spaces\"}", "slug must be");
        assertBadRequest("{\"email\": \"x@example.com\"}", "name (or display_name) must not be blank");
        assertBadRequest("{\"email\": \"x@example.com\", \"name\": \"X\", \"parent_id\": \"aff_x\", \"parent_email\": \"p@example.com\"}",
                "give parent_id or parent_email, not both");
        // nothing of these was registered: the email is still free
        assertThat(api.post("/api/v1/affiliates", key, "{\"email\": \"x@example.com\", \"display_name\": \"X\"}").status())
                .isEqualTo(201);
    }

    @Test
    void aConversionPaysTheReferrerAndItsAncestorsAtTheirTierRates() {
        assertThat(api.patch("/api/v1/program", key, "{\"mlm_tier_rates\": [\"5\", \"2\"]}").status()).isEqualTo(200);
        String bob = register(Map.of("email", "bob@example.com", "display_name", "Bob", "status", "approved"));
        String carol = register(Map.of("email", "carol@example.com", "display_name", "Carol", "status", "approved",
                "parent_email", "bob@example.com"));
        String dave = register(Map.of("email", "dave@example.com", "display_name", "Dave", "status", "approved",
                "parent_email", "CAROL@example.com"));
        // a fourth level: beyond the two configured tiers, so its top ancestor earns nothing on its sales
        String erin = register(Map.of("email", "erin@example.com", "name", "Erin", "status", "active", "parent_id", dave));

        Api.Response recorded = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + dave + "\", \"amount_cents\": 10000}");
        assertThat(recorded.status()).isEqualTo(201);
        // affilut's fields, and (read-your-writes) every commission the sale created, tier by tier
        assertThat(recorded.body().propertyNames()).contains("id", "commissionCents", "commissions");
        assertThat(recorded.body().get("commissions")).hasSize(3);
        assertThat(recorded.body().get("commissionCents").asLong()).isEqualTo(1000);
        String conversion = recorded.text("id");

        JsonNode commissions = eventually(() -> api.get("/api/v1/commissions?conversion_id=" + conversion, key),
                r -> r.body().get("data").size() == 3).body().get("data");
        assertThat(tiers(commissions)).containsExactlyInAnyOrder(
                dave + " tier 0 at 10: 1000 USD pending", carol + " tier 1 at 5: 500 USD pending", bob + " tier 2 at 2: 200 USD pending");
        JsonNode bobs = eventually(() -> api.get("/api/v1/commissions?affiliate_id=" + bob, key),
                r -> r.body().get("data").size() == 1).body().get("data");
        assertThat(bobs.get(0).get("tier").asInt()).isEqualTo(2);
        assertThat(bobs.get(0).get("amountCents").asLong()).isEqualTo(200);
        assertThat(bobs.get(0).get("approvableAt").asString()).isNotNull();

        Api.Response fourLevels = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + erin + "\", \"amount_cents\": 10000}");
        JsonNode erinsCommissions = eventually(() -> api.get("/api/v1/commissions?conversion_id=" + fourLevels.text("id"), key),
                r -> r.body().get("data").size() == 3).body().get("data");
        assertThat(tiers(erinsCommissions)).containsExactlyInAnyOrder(
                erin + " tier 0 at 10: 1000 USD pending", dave + " tier 1 at 5: 500 USD pending", carol + " tier 2 at 2: 200 USD pending");

        Api.Response daveRead = eventually(() -> api.get("/api/v1/affiliates/" + dave, key), r -> r.status() == 200);
        assertThat(daveRead.text("parentId")).isEqualTo(carol);
        assertThat(daveRead.body().get("lineageDepth").asInt()).isEqualTo(2);
        JsonNode bobsChildren = eventually(() -> api.get("/api/v1/affiliates?parent_id=" + bob, key),
                r -> r.body().get("data").size() == 1).body().get("data");
        assertThat(bobsChildren.get(0).get("id").asString()).isEqualTo(carol);
        assertThat(bobsChildren.get(0).get("lineageDepth").asInt()).isEqualTo(1);
    }

    @Test
    void aBannedAncestorEarnsNothingWhileTheAncestorsAboveItStillDoAndASuspendedOneAccrues() {
        assertThat(api.patch("/api/v1/program", key, "{\"mlm_tier_rates\": [\"5\", \"2\"]}").status()).isEqualTo(200);
        String top = register(Map.of("email", "top@example.com", "name", "Top", "status", "active"));
        String middle = register(Map.of("email", "mid@example.com", "name", "Mid", "status", "active", "parent_id", top));
        String seller = register(Map.of("email", "sel@example.com", "name", "Sel", "status", "active", "parent_id", middle));

        assertThat(api.post("/api/v1/affiliates/" + middle + "/suspend", key, null).status()).isEqualTo(200);
        String whileSuspended = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + seller + "\", \"amount_cents\": 10000}").text("id");
        assertThat(tiers(eventually(() -> api.get("/api/v1/commissions?conversion_id=" + whileSuspended, key),
                r -> r.body().get("data").size() == 3).body().get("data"))).containsExactlyInAnyOrder(
                seller + " tier 0 at 10: 1000 USD pending", middle + " tier 1 at 5: 500 USD pending", top + " tier 2 at 2: 200 USD pending");

        assertThat(api.post("/api/v1/affiliates/" + middle + "/ban", key, null).status()).isEqualTo(200);
        String afterBan = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + seller + "\", \"amount_cents\": 10000}").text("id");
        assertThat(tiers(eventually(() -> api.get("/api/v1/commissions?conversion_id=" + afterBan, key),
                r -> r.body().get("data").size() == 2).body().get("data"))).containsExactlyInAnyOrder(
                seller + " tier 0 at 10: 1000 USD pending", top + " tier 2 at 2: 200 USD pending");
        // and a banned affiliate takes no new children
        Api.Response underBanned = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("email", "new@example.com", "name", "New", "parent_id", middle)));
        assertThat(underBanned.status()).isEqualTo(422);
        assertThat(underBanned.text("detail")).contains("banned");
    }

    @Test
    void withoutTierRatesOnlyTheReferrerEarns() {
        String parent = register(Map.of("email", "solo-parent@example.com", "name", "Parent", "status", "active"));
        String child = register(Map.of("email", "solo-child@example.com", "name", "Child", "status", "active", "parent_id", parent));

        String conversion = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + child + "\", \"amount_cents\": 10000}").text("id");

        JsonNode commissions = eventually(() -> api.get("/api/v1/commissions?conversion_id=" + conversion, key),
                r -> r.body().get("data").size() >= 1).body().get("data");
        assertThat(tiers(commissions)).containsExactly(child + " tier 0 at 10: 1000 USD pending");
    }

    @Test
    void anUnknownParentIsRefusedWith422AndNothingIsRegistered() {
        String other = onboardMerchant("Other Lineage Co");
        String foreign = register(other, Map.of("email", "foreign@example.com", "name", "Foreign", "status", "active"));

        Api.Response unknownEmail = api.post("/api/v1/affiliates", key, Api.json(Map.of(
                "email", "orphan@example.com", "display_name", "Orphan", "slug", "orphan", "parent_email", "nobody@example.com")));
        assertThat(unknownEmail.status()).isEqualTo(422);
        assertThat(unknownEmail.contentType()).startsWith("application/problem+json");
        assertThat(unknownEmail.text("detail")).isEqualTo(
                "no affiliate with email nobody@example.com in this program; register the parent first");

        Api.Response anotherMerchantsEmail = api.post("/api/v1/affiliates", key, Api.json(Map.of(
                "email", "orphan@example.com", "display_name", "Orphan", "parent_email", "foreign@example.com")));
        assertThat(anotherMerchantsEmail.status()).isEqualTo(422);
        Api.Response anotherMerchantsId = api.post("/api/v1/affiliates", key, Api.json(Map.of(
                "email", "orphan@example.com", "name", "Orphan", "parent_id", foreign)));
        assertThat(anotherMerchantsId.status()).isEqualTo(422);
        assertThat(anotherMerchantsId.text("detail")).isEqualTo("parent affiliate " + foreign + " does not exist in this program");
        Api.Response malformedId = api.post("/api/v1/affiliates", key, Api.json(Map.of(
                "email", "orphan@example.com", "name", "Orphan", "parent_id", "aff_nope")));
        assertThat(malformedId.status()).isEqualTo(422);

        // nothing was created: the email and slug are still free, and the list is empty
        assertThat(api.get("/api/v1/affiliates", key).body().get("data").size()).isZero();
        Api.Response later = api.post("/api/v1/affiliates", key, Api.json(Map.of(
                "email", "orphan@example.com", "display_name", "Orphan", "slug", "orphan")));
        assertThat(later.status()).isEqualTo(201);
    }

    private void assertBadRequest(String body, String detail) {
        Api.Response response = api.post("/api/v1/affiliates", key, body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.text("detail")).as(body).contains(detail);
    }

    private String register(Map<String, String> body) {
        return register(key, body);
    }

    private String register(String merchantKey, Map<String, String> body) {
        Api.Response created = api.post("/api/v1/affiliates", merchantKey, Api.json(new HashMap<>(body)));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    private static List<String> tiers(JsonNode commissions) {
        List<String> rows = new ArrayList<>();
        for (JsonNode c : commissions) {
            rows.add(c.get("affiliateId").asString() + " tier " + c.get("tier").asInt() + " at " + c.get("rate").asString() + ": "
                    + c.get("amountCents").asLong() + " " + c.get("currency").asString() + " " + c.get("status").asString());
        }
        return rows;
    }
}
