package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An affiliate's short code works wherever its id does: request bodies and affiliate filters, per merchant. */
class ShortCodeHttpTest extends LedgerIntegrationTest {
    private String key;
    private String affiliate;

    @BeforeEach
    void merchant() {
        key = onboardMerchant("Short codes");
        Api.Response created = api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "Kim Code", "email", "kim@example.com",
                "short_code", "kim-code", "status", "active")));
        assertThat(created.status()).isEqualTo(201);
        affiliate = created.text("id");
        api.post("/api/v1/affiliates", key, Api.json(Map.of("name", "Lou Other", "email", "lou@example.com", "status", "active")));
        assertThat(api.patch("/api/v1/program", key, "{\"event_rewards\": {\"lead\": {\"flat_amount_cents\": 100}}}")
                .status()).isEqualTo(200);
    }

    @Test
    void acceptsAShortCodeInConversionEventAndPayoutBodiesCaseInsensitively() {
        Api.Response conversion = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", "KIM-CODE", "amount_cents", 2000)));
        assertThat(conversion.status()).as(conversion.body().toString()).isEqualTo(201);
        assertThat(conversion.text("affiliateId")).isEqualTo(affiliate);

        Api.Response event = api.post("/api/v1/events", key, Api.json(Map.of("event_type", "lead", "affiliate_id", "kim-code")));
        assertThat(event.status()).as(event.body().toString()).isEqualTo(201);
        assertThat(event.text("affiliateId")).isEqualTo(affiliate);

        assertThat(api.post("/api/v1/commissions/" + conversion.text("commissionId") + "/approve", key, null).status()).isEqualTo(200);
        Api.Response payout = api.post("/api/v1/payouts", key, Api.json(Map.of("affiliate_id", "kim-code")));
        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(201);
        assertThat(payout.text("affiliateId")).isEqualTo(affiliate);
    }

    @Test
    void anUnknownShortCodeIsA404AndAnotherMerchantsIsUnknown() {
        Api.Response unknown = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", "no-such-code", "amount_cents", 2000)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("detail")).contains("no-such-code");

        String other = onboardMerchant("Other program");
        assertThat(api.post("/api/v1/conversions", other, Api.json(Map.of("affiliate_id", "kim-code", "amount_cents", 2000))).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/events", other, Api.json(Map.of("event_type", "lead", "affiliate_id", "kim-code"))).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/payouts", other, Api.json(Map.of("affiliate_id", "kim-code"))).status()).isEqualTo(404);
    }

    @Test
    void filtersByShortCodeAndLooksAffiliatesUpByShortCodeAndEmail() {
        Api.Response created = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 2000)));

        Api.Response conversions = api.get("/api/v1/conversions?affiliate_id=Kim-Code", key, created);
        assertThat(conversions.body().get("data")).hasSize(1);
        assertThat(conversions.body().at("/data/0/id").asString()).isEqualTo(created.text("id"));
        assertThat(api.get("/api/v1/commissions?affiliate_id=kim-code", key, created).body().get("data")).hasSize(1);
        assertThat(api.get("/api/v1/payouts?affiliate_id=kim-code", key, created).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/conversions?affiliate_id=nobody-here", key, created).body().get("data")).isEmpty();

        Api.Response byCode = api.get("/api/v1/affiliates?short_code=KIM-CODE", key, created);
        assertThat(byCode.body().get("data")).hasSize(1);
        assertThat(byCode.body().at("/data/0/id").asString()).isEqualTo(affiliate);
        Api.Response byEmail = api.get("/api/v1/affiliates?email=Kim@Example.com", key, created);
        assertThat(byEmail.body().get("data")).hasSize(1);
        assertThat(byEmail.body().at("/data/0/id").asString()).isEqualTo(affiliate);
        assertThat(api.get("/api/v1/affiliates?email=nobody@example.com", key).body().get("data")).isEmpty();
        assertThat(api.get("/api/v1/affiliates", key).body().get("data")).hasSize(2);
    }
}
