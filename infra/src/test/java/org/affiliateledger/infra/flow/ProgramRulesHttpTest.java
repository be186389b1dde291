package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GET/PATCH /api/v1/program for the settings of the Cobalz features, as a client sends and reads them. */
class ProgramRulesHttpTest extends LedgerIntegrationTest {
    private static final String ALL_RULES = """
            {"mlm_tier_rates": ["5", "2.0"],
             "event_rewards": {"trial_started": {"flat_amount_cents": 500}, "lead": {"rate": "10"}},
             "landing_url": "https://acme.example/pricing?plan=pro",
             "attribution_window_days": 14,
             "payout_minimum_cents": 5000,
             "tax_form_threshold_cents": 60000,
             "fraud_rules": {"velocity": {"enabled": true, "max_conversions": 3}},
             "performance_tiers": [{"name": "gold", "min_revenue_cents": 500000, "rate": "20"},
                                   {"name": "silver", "min_revenue_cents": 100000, "rate": "15"}]}""";
    private String key;

    @BeforeEach
    void merchant() {
        key = onboardMerchant("Rules");
    }

    @Test
    void startsWithDefaultsForEveryRule() {
        Api.Response program = eventually(() -> api.get("/api/v1/program", key), r -> r.status() == 200);
        assertThat(program.body().get("mlmTierRates")).isEmpty();
        assertThat(program.body().get("eventRewards")).isEmpty();
        assertThat(program.body().get("landingUrl").isNull()).isTrue();
        assertThat(program.body().get("attributionWindowDays").asInt()).isEqualTo(30);
        assertThat(program.body().get("payoutMinimumCents").asLong()).isZero();
        assertThat(program.body().get("taxFormThresholdCents").isNull()).isTrue();
        assertThat(program.body().at("/fraudRules/selfReferral/enabled").asBoolean()).isTrue();
        assertThat(program.body().at("/fraudRules/velocity/enabled").asBoolean()).isFalse();
        assertThat(program.body().at("/fraudRules/refundRate/maxPercent").asString()).isEqualTo("30");
        assertThat(program.body().get("performanceTiers")).isEmpty();
    }

    @Test
    void changesEveryRuleAndReadsThemBack() {
        Api.Response changed = api.patch("/api/v1/program", key, ALL_RULES);
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.body().get("mlmTierRates").toString()).isEqualTo("[\"5\",\"2\"]");

        Api.Response read = eventually(() -> api.get("/api/v1/program", key),
                r -> r.status() == 200 && r.body().get("performanceTiers").size() == 2 && r.body().get("mlmTierRates").size() == 2
                        && r.body().get("landingUrl").isString() && r.body().get("taxFormThresholdCents").isNumber()
                        && r.body().at("/fraudRules/velocity/enabled").asBoolean() && r.body().get("eventRewards").size() == 2);
        assertThat(read.body().get("mlmTierRates").toString()).isEqualTo("[\"5\",\"2\"]");
        assertThat(read.body().at("/eventRewards/trial_started/flatAmountCents").asLong()).isEqualTo(500);
        assertThat(read.body().at("/eventRewards/lead/rate").asString()).isEqualTo("10");
        assertThat(read.body().at("/eventRewards/lead/flatAmountCents").asLong()).isZero();
        assertThat(read.text("landingUrl")).isEqualTo("https://acme.example/pricing?plan=pro");
        assertThat(read.body().get("attributionWindowDays").asInt()).isEqualTo(14);
        assertThat(read.body().get("payoutMinimumCents").asLong()).isEqualTo(5000);
        assertThat(read.body().get("taxFormThresholdCents").asLong()).isEqualTo(60000);
        assertThat(read.body().at("/fraudRules/velocity/maxConversions").asInt()).isEqualTo(3);
        assertThat(read.body().at("/fraudRules/velocity/windowMinutes").asInt()).isEqualTo(60);
        assertThat(read.body().at("/fraudRules/selfReferral/enabled").asBoolean()).isTrue();
        assertThat(read.body().at("/performanceTiers/0/name").asString()).isEqualTo("silver");
        assertThat(read.body().at("/performanceTiers/1/name").asString()).isEqualTo("gold");
    }

    @Test
    void removesTheTaxFormRequirementWithNullAndKeepsItWhenAbsent() {
        assertThat(api.patch("/api/v1/program", key, "{\"tax_form_threshold_cents\": 60000}").status()).isEqualTo(200);
        Api.Response kept = api.patch("/api/v1/program", key, "{\"payout_minimum_cents\": 100}");
        assertThat(kept.body().get("taxFormThresholdCents").asLong()).isEqualTo(60000);
        Api.Response removed = api.patch("/api/v1/program", key, "{\"tax_form_threshold_cents\": null}");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().get("taxFormThresholdCents").isNull()).isTrue();
        assertThat(removed.body().get("payoutMinimumCents").asLong()).isEqualTo(100);
        eventually(() -> api.get("/api/v1/program", key),
                r -> r.status() == 200 && r.body().get("taxFormThresholdCents").isNull() && r.body().get("payoutMinimumCents").asLong() == 100);
    }

    @Test
    void refusesInvalidRulesWithAReasonAndChangesNothing() {
        assertRefused("{\"landing_url\": \"acme.example\"}", "landing_url must be an absolute http or https URL");
        assertRefused("{\"attribution_window_days\": 0}", "attribution_window_days");
        assertRefused("{\"mlm_tier_rates\": [\"5\", \"abc\"]}", "is not a number");
        assertRefused("{\"mlm_tier_rates\": [null]}", "mlm_tier_rates must hold percent strings");
        assertRefused("{\"event_rewards\": {\"lead\": null}}", "event_rewards.lead must be an object");
        assertRefused("{\"event_rewards\": {\"no spaces\": {\"flat_amount_cents\": 1}}}", "event type \"no spaces\"");
        assertRefused("{\"payout_minimum_cents\": -5}", "payout_minimum_cents");
        assertRefused("{\"performance_tiers\": [{\"name\": \"a\", \"min_revenue_cents\": 10, \"rate\": \"5\"},"
                + " {\"name\": \"b\", \"min_revenue_cents\": 10, \"rate\": \"6\"}]}", "two performance tiers start at min_revenue_cents 10");
        assertRefused("{\"fraud_rules\": {\"refund_rate\": {\"enabled\": true, \"max_percent\": \"150\"}}}", "fraud_rules.refund_rate.max_percent");
        assertRefused("{\"payout_minimum_cents\": 49.5}", null);

        Api.Response program = eventually(() -> api.get("/api/v1/program", key), r -> r.status() == 200);
        assertThat(program.body().get("landingUrl").isNull()).isTrue();
        assertThat(program.body().get("mlmTierRates")).isEmpty();
        assertThat(program.body().get("payoutMinimumCents").asLong()).isZero();
    }

    private void assertRefused(String body, String reason) {
        Api.Response response = api.patch("/api/v1/program", key, body);
        assertThat(response.status()).as(body + " → " + response.raw().body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (reason != null) {
            assertThat(response.text("detail")).as(body).contains(reason);
        }
    }
}
