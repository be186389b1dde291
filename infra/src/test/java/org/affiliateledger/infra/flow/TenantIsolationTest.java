package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Another merchant's ids answer 404 on every endpoint, and lists never show another merchant's rows. */
class TenantIsolationTest extends LedgerIntegrationTest {

    @Test
    void anotherMerchantsIdsAnswer404EverywhereAndChangeNothing() {
        String owner = onboardMerchant("Owner");
        String intruder = onboardMerchant("Intruder");
        String affiliate = activeAffiliate(owner, "Owned Affiliate");
        String conversion = api.post("/api/v1/conversions", owner,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 1000}").text("id");
        String commission = eventually(() -> api.get("/api/v1/conversions/" + conversion, owner), r -> r.status() == 200)
                .text("commissionId");
        eventually(() -> api.get("/api/v1/commissions/" + commission, owner), r -> r.status() == 200);
        eventually(() -> api.get("/api/v1/affiliates/" + affiliate, owner), r -> r.status() == 200);

        List<Api.Response> attempts = List.of(
                api.get("/api/v1/affiliates/" + affiliate, intruder),
                api.get("/api/v1/conversions/" + conversion, intruder),
                api.get("/api/v1/commissions/" + commission, intruder),
                api.post("/api/v1/affiliates/" + affiliate + "/pause", intruder, null),
                api.post("/api/v1/affiliates/" + affiliate + "/ban", intruder, null),
                api.patch("/api/v1/affiliates/" + affiliate, intruder, "{\"commission_override\": \"50\"}"),
                api.post("/api/v1/commissions/" + commission + "/approve", intruder, null),
                api.post("/api/v1/commissions/" + commission + "/void", intruder, null),
                api.post("/api/v1/conversions", intruder, "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 1000}"),
                api.get("/api/v1/affiliates/" + affiliate + "/clicks", intruder),
                api.post("/api/v1/affiliates/" + affiliate + "/tax-form", intruder,
                        "{\"form_type\": \"W-9\", \"received_on\": \"2026-01-02\"}"),
                api.post("/api/v1/commissions/" + commission + "/clear-flag", intruder, null),
                api.post("/api/v1/payouts", intruder, "{\"affiliate_id\": \"" + affiliate + "\"}"),
                api.post("/api/v1/events", intruder, "{\"event_type\": \"lead\", \"affiliate_id\": \"" + affiliate + "\"}"));
        for (Api.Response attempt : attempts) {
            assertThat(attempt.status()).as(attempt.raw().request().method() + " " + attempt.raw().uri()).isEqualTo(404);
            assertThat(attempt.body().toString()).doesNotContain("Owned Affiliate");
        }

        assertThat(api.get("/api/v1/affiliates", intruder).body().get("data")).isEmpty();
        assertThat(api.get("/api/v1/conversions", intruder).body().get("data")).isEmpty();
        assertThat(api.get("/api/v1/commissions", intruder).body().get("data")).isEmpty();
        assertThat(api.get("/api/v1/conversions?affiliate_id=" + affiliate, intruder).body().get("data")).isEmpty();
        assertThat(api.get("/api/v1/affiliates?parent_id=" + affiliate, intruder).body().get("data")).isEmpty();
        assertThat(api.get("/api/v1/payouts?affiliate_id=" + affiliate, intruder).body().get("data")).isEmpty();
        Api.Response unchanged = api.get("/api/v1/affiliates/" + affiliate, owner);
        assertThat(unchanged.text("status")).isEqualTo("active");
        assertThat(unchanged.body().get("commissionOverride").isNull()).isTrue();
        assertThat(unchanged.body().get("taxForm").isNull()).isTrue();
        assertThat(api.get("/api/v1/conversions", owner).body().get("data")).hasSize(1);
        assertThat(api.get("/api/v1/commissions/" + commission, owner).text("status")).isEqualTo("pending");
    }

    @Test
    void aMerchantSeesItsOwnProgram() {
        String a = onboardMerchant("Program A");
        String b = onboardMerchant("Program B");

        assertThat(merchantIdOf(a)).isNotEqualTo(merchantIdOf(b));
        assertThat(eventually(() -> api.get("/api/v1/program", a), r -> r.status() == 200).text("name")).isEqualTo("Program A");
    }
}
