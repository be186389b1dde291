package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** No silent no-ops: every PATCH applies every field it is given, or refuses the request and changes nothing. */
class AffiliateChangeHttpTest extends LedgerIntegrationTest {
    private String key;

    @BeforeEach
    void merchant() {
        key = onboardMerchant("Changes");
    }

    private Api.Response register(String name, String email) {
        Api.Response created = api.post("/api/v1/affiliates", key, Api.json(Map.of("name", name, "email", email, "status", "active")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created;
    }

    @Test
    void renamesAndReEmailsAnAffiliateAndEveryReadShowsIt() {
        Api.Response created = register("Ann Old", "ann.old@example.com");
        String id = created.text("id");

        Api.Response changed = api.patch("/api/v1/affiliates/" + id, key, "{\"name\": \"Ann New\", \"email\": \"Ann.New@example.com\"}");

        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.text("name")).isEqualTo("Ann New");
        assertThat(changed.text("email")).isEqualTo("Ann.New@example.com");
        assertThat(changed.text("shortCode")).as("links keep working").isEqualTo(created.text("shortCode"));
        assertThat(changed.text("createdAt")).isEqualTo(created.text("createdAt"));
        assertThat(changed.text("activatedAt")).isEqualTo(created.text("activatedAt"));
        Api.Response read = api.get("/api/v1/affiliates/" + id, key, changed);
        assertThat(read.text("name")).isEqualTo("Ann New");
        assertThat(read.text("email")).isEqualTo("Ann.New@example.com");
        Api.Response byEmail = api.get("/api/v1/affiliates?email=ann.new@EXAMPLE.com", key, changed);
        assertThat(byEmail.body().get("data")).hasSize(1);
        assertThat(byEmail.body().at("/data/0/id").asString()).isEqualTo(id);
        assertThat(api.get("/api/v1/affiliates?email=ann.old@example.com", key, changed).body().get("data")).isEmpty();
        // the old address is free again, the new one is taken
        assertThat(api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "Other", "email", "ann.old@example.com"))).status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "Other", "email", "ann.new@example.com"))).status())
                .isEqualTo(409);
    }

    @Test
    void refusesAnEmailAnotherAffiliateHasWith409AndChangesNothing() {
        register("Bea", "bea@example.com");
        String id = register("Cal", "cal@example.com").text("id");

        Api.Response refused = api.patch("/api/v1/affiliates/" + id, key,
                "{\"name\": \"Cal Renamed\", \"email\": \"BEA@example.com\", \"commission_override\": \"30\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("duplicate_email");
        Api.Response read = api.get("/api/v1/affiliates/" + id, key);
        assertThat(read.text("name")).isEqualTo("Cal");
        assertThat(read.text("email")).isEqualTo("cal@example.com");
        assertThat(read.body().get("commissionOverride").isNull()).isTrue();
    }

    @Test
    void takesTheCobalzSpellingsAndRefusesABodyMixingBoth() {
        String id = register("Dee", "dee@example.com").text("id");

        Api.Response cobalz = api.patch("/api/v1/affiliates/" + id, key, "{\"display_name\": \"Dee Cobalz\", \"custom_commission_rate\": 0.2}");
        assertThat(cobalz.status()).as(cobalz.body().toString()).isEqualTo(200);
        assertThat(cobalz.text("name")).isEqualTo("Dee Cobalz");
        assertThat(cobalz.text("commissionOverride")).isEqualTo("20");

        Api.Response mixed = api.patch("/api/v1/affiliates/" + id, key, "{\"name\": \"X\", \"display_name\": \"Y\"}");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.text("detail")).contains("name").contains("display_name");
        Api.Response mixedRate = api.patch("/api/v1/affiliates/" + id, key,
                "{\"commission_override\": \"15\", \"custom_commission_rate\": 0.15}");
        assertThat(mixedRate.status()).isEqualTo(400);
        // read at the position of the last accepted change (X-Ledger-Position), as the test below does: a plain read
        // may run before the projection has the change
        assertThat(api.get("/api/v1/affiliates/" + id, key, cobalz).text("commissionOverride")).isEqualTo("20");
    }

    @Test
    void keepsTheOverrideWhenNotGivenAndRemovesItWithNull() {
        String id = register("Eve", "eve@example.com").text("id");
        assertThat(api.patch("/api/v1/affiliates/" + id, key, "{\"commission_override\": \"12.5\"}").text("commissionOverride"))
                .isEqualTo("12.5");

        Api.Response renamed = api.patch("/api/v1/affiliates/" + id, key, "{\"name\": \"Eve Two\"}");
        assertThat(renamed.text("commissionOverride")).as("not given: kept").isEqualTo("12.5");

        Api.Response cleared = api.patch("/api/v1/affiliates/" + id, key, "{\"custom_commission_rate\": null}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.body().get("commissionOverride").isNull()).isTrue();
        assertThat(api.get("/api/v1/affiliates/" + id, key, cleared).body().get("commissionOverride").isNull()).isTrue();
    }

    @Test
    void refusesFieldsThatCannotChangeSayingHowInstead() {
        String id = register("Fay", "fay@example.com").text("id");
        for (String body : new String[]{"{\"short_code\": \"fay-new\"}", "{\"slug\": \"fay-new\"}", "{\"status\": \"paused\"}",
                "{\"parent_id\": null}", "{\"parent_email\": \"x@example.com\"}"}) {
            Api.Response refused = api.patch("/api/v1/affiliates/" + id, key, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.text("code")).as(body).isEqualTo("field_not_changeable");
        }
        assertThat(api.patch("/api/v1/affiliates/" + id, key, "{\"name\": \"  \"}").status()).isEqualTo(400);
        assertThat(api.patch("/api/v1/affiliates/" + id, key, "{\"email\": \"not an email\"}").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/affiliates/" + id, key).text("name")).isEqualTo("Fay");
    }

    @Test
    void aPartialFraudRuleKeepsWhatItDoesNotName() {
        assertThat(api.patch("/api/v1/program", key, "{\"fraud_rules\": {\"velocity\": {\"enabled\": true, \"window_minutes\": 30}}}")
                .status()).isEqualTo(200);

        Api.Response changed = api.patch("/api/v1/program", key, "{\"fraud_rules\": {\"velocity\": {\"max_conversions\": 10}}}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().at("/fraudRules/velocity/enabled").asBoolean()).as("kept").isTrue();
        assertThat(changed.body().at("/fraudRules/velocity/windowMinutes").asInt()).as("kept").isEqualTo(30);
        assertThat(changed.body().at("/fraudRules/velocity/maxConversions").asInt()).isEqualTo(10);
        assertThat(changed.body().at("/fraudRules/selfReferral/enabled").asBoolean()).isTrue();
        Api.Response read = api.get("/api/v1/program", key, changed);
        assertThat(read.body().at("/fraudRules/velocity/enabled").asBoolean()).isTrue();
        assertThat(read.body().at("/fraudRules/velocity/maxConversions").asInt()).isEqualTo(10);
    }

    @Test
    void aPartialRateLimitChangeKeepsTheOtherLimit() {
        Api.Response issued = api.post("/api/v1/api-keys", key,
                "{\"name\": \"limited\", \"scopes\": [\"read\"], \"rate_limits\": {\"read_per_minute\": 5, \"write_per_minute\": 3}}");
        String id = issued.text("id");

        Api.Response changed = api.patch("/api/v1/api-keys/" + id, key, "{\"rate_limits\": {\"read_per_minute\": 600}}");
        assertThat(changed.body().at("/rateLimits/readPerMinute").asInt()).isEqualTo(600);
        assertThat(changed.body().at("/rateLimits/writePerMinute").asInt()).as("kept").isEqualTo(3);

        Api.Response nothing = api.patch("/api/v1/api-keys/" + id, key, "{}");
        assertThat(nothing.body().at("/rateLimits/writePerMinute").asInt()).as("an empty change changes nothing").isEqualTo(3);

        Api.Response defaults = api.patch("/api/v1/api-keys/" + id, key, "{\"rate_limits\": {\"write_per_minute\": null}}");
        assertThat(defaults.body().at("/rateLimits/readPerMinute").asInt()).isEqualTo(600);
        assertThat(defaults.body().at("/rateLimits/writePerMinute").isNull()).as("null: the default").isTrue();

        Api.Response reset = api.patch("/api/v1/api-keys/" + id, key, "{\"rate_limits\": null}");
        assertThat(reset.body().at("/rateLimits/readPerMinute").isNull()).isTrue();
        assertThat(api.patch("/api/v1/api-keys/" + id, key, "{\"rate_limits\": {\"read_per_minute\": 0}}").status()).isEqualTo(400);
    }
}
