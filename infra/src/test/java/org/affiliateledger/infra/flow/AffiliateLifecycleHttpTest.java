package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AffiliateLifecycleHttpTest extends LedgerIntegrationTest {
    private String key;

    @BeforeEach
    void merchant() {
        key = onboardMerchant("Lifecycle");
    }

    @Test
    void walksAnAffiliateThroughEveryTransition() {
        Api.Response created = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Ana Lima", "email", "ana@example.com", "short_code", "ana-lima")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/affiliates/" + created.text("id"));
        assertThat(created.text("status")).isEqualTo("pending");
        assertThat(created.text("shortCode")).isEqualTo("ana-lima");
        assertThat(created.body().get("activatedAt").isNull()).isTrue();
        String id = created.text("id");

        assertThat(transition(id, "approve")).isEqualTo("active");
        assertThat(transition(id, "pause")).isEqualTo("paused");
        assertThat(transition(id, "resume")).isEqualTo("active");
        assertThat(transition(id, "suspend")).isEqualTo("suspended");
        assertThat(transition(id, "reinstate")).isEqualTo("active");
        assertThat(transition(id, "ban")).isEqualTo("banned");

        Api.Response read = eventually(() -> api.get("/api/v1/affiliates/" + id, key),
                r -> "banned".equals(r.text("status")));
        assertThat(read.text("createdAt")).isEqualTo(created.text("createdAt"));
        assertThat(read.text("activatedAt")).isNotNull();
    }

    @Test
    void refusesInvalidTransitionsWith409NamingTheCurrentState() {
        String id = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Bo", "email", "bo@example.com"))).text("id");

        Api.Response pause = api.post("/api/v1/affiliates/" + id + "/pause", key, null);

        assertThat(pause.status()).isEqualTo(409);
        assertThat(pause.contentType()).startsWith("application/problem+json");
        assertThat(pause.text("detail")).contains("pending").contains("pause");
        assertThat(transition(id, "ban")).isEqualTo("banned");
        Api.Response afterBan = api.post("/api/v1/affiliates/" + id + "/approve", key, null);
        assertThat(afterBan.status()).isEqualTo(409);
        assertThat(afterBan.text("detail")).contains("banned");
    }

    @Test
    void refusesConversionsForAffiliatesThatAreNotActive() {
        String id = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Cy", "email", "cy@example.com"))).text("id");

        Api.Response refused = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + id + "\", \"amount_cents\": 1000}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("pending");
    }

    @Test
    void refusesADuplicateEmailOrShortCodeCaseInsensitively() {
        api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "Di", "email", "di@example.com", "short_code", "di-1")));

        Api.Response sameEmail = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Di 2", "email", "DI@example.com")));
        Api.Response sameCode = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Di 3", "email", "di3@example.com", "short_code", "di-1")));

        assertThat(sameEmail.status()).isEqualTo(409);
        assertThat(sameEmail.text("detail")).contains("email");
        assertThat(sameCode.status()).isEqualTo(409);
        assertThat(sameCode.text("detail")).contains("di-1");
    }

    @Test
    void validatesRegistrationInput() {
        assertThat(api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "No Email"))).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "X", "email", "not-an-email"))).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "X", "email", "x@example.com", "short_code", "Has Spaces"))).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "X", "email", "x@example.com", "commission_override", "150"))).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "X", "email", "x@example.com", "status", "banned"))).status()).isEqualTo(400);
    }

    @Test
    void usesTheOverrideOrTheProgramDefaultInForceWhenTheConversionIsRecorded() {
        String withOverride = api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "Ov", "email", "ov@example.com",
                "status", "active", "commission_override", "12.5"))).text("id");
        String withDefault = activeAffiliate(key, "Def Ault");

        assertThat(commissionFor(withOverride, 4900)).isEqualTo(612);
        assertThat(commissionFor(withDefault, 4900)).isEqualTo(490);

        Api.Response patched = api.patch("/api/v1/program", key, "{\"default_rate\": \"20\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.text("defaultRate")).isEqualTo("20");
        assertThat(commissionFor(withDefault, 4900)).isEqualTo(980);

        Api.Response cleared = api.patch("/api/v1/affiliates/" + withOverride, key, "{\"commission_override\": null}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(commissionFor(withOverride, 4900)).isEqualTo(980);

        // history does not change when settings do
        Api.Response first = eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + withDefault, key),
                r -> r.body().get("data").size() == 2);
        assertThat(first.body().get("data").get(1).get("commissionCents").asLong()).isEqualTo(490);
        assertThat(first.body().get("data").get(1).get("commissionRate").asString()).isEqualTo("10");
        assertThat(eventually(() -> api.get("/api/v1/program", key), r -> "20".equals(r.text("defaultRate"))).text("defaultRate"))
                .isEqualTo("20");
    }

    @Test
    void refusesAnInvalidProgramRate() {
        Api.Response response = api.patch("/api/v1/program", key, "{\"default_rate\": \"ten\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("detail")).contains("ten");
    }

    @Test
    void approvesRejectsAndVoidsCommissions() {
        String affiliate = activeAffiliate(key, "Com Mission");
        String approveMe = commissionIdOf(affiliate);
        String rejectMe = commissionIdOf(affiliate);

        assertThat(api.post("/api/v1/commissions/" + approveMe + "/approve", key, null).text("status")).isEqualTo("approved");
        assertThat(api.post("/api/v1/commissions/" + rejectMe + "/reject", key, "{\"reason\": \"test order\"}").text("status"))
                .isEqualTo("rejected");
        Api.Response rejectApproved = api.post("/api/v1/commissions/" + approveMe + "/reject", key, null);
        assertThat(rejectApproved.status()).isEqualTo(409);
        assertThat(rejectApproved.text("detail")).contains("approved");
        assertThat(api.post("/api/v1/commissions/" + approveMe + "/void", key, null).text("status")).isEqualTo("voided");

        Api.Response rejected = eventually(() -> api.get("/api/v1/commissions/" + rejectMe, key),
                r -> "rejected".equals(r.text("status")));
        assertThat(rejected.text("statusReason")).isEqualTo("test order");
        assertThat(rejected.body().get("amountCents").asLong()).isEqualTo(100);
        assertThat(eventually(() -> api.get("/api/v1/commissions?status=voided", key), r -> r.body().get("data").size() == 1)
                .body().get("data").get(0).get("id").asString()).isEqualTo(approveMe);
    }

    private String commissionIdOf(String affiliate) {
        String conversion = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 1000}").text("id");
        return eventually(() -> api.get("/api/v1/conversions/" + conversion, key), r -> r.status() == 200).text("commissionId");
    }

    private long commissionFor(String affiliate, long amount) {
        Api.Response created = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": " + amount + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().get("commissionCents").asLong();
    }

    private String transition(String id, String action) {
        Api.Response response = api.post("/api/v1/affiliates/" + id + "/" + action, key, null);
        assertThat(response.status()).as(action + ": " + response.body()).isEqualTo(200);
        return response.text("status");
    }
}
