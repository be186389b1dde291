package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The program currency: set at creation, changeable until the first conversion in it, followed by what is "in" it. */
class ProgramCurrencyHttpTest extends LedgerIntegrationTest {

    private String merchant(String name, String currency) {
        Api.Response created = api.post("/admin/v1/merchants", ADMIN_TOKEN, Api.json(Map.of("name", name, "currency", currency)));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.text("currency")).isEqualTo(currency.toUpperCase());
        return created.body().get("apiKey").get("key").asString();
    }

    @Test
    void createsAMerchantInTheCurrencyGivenAndUsdByDefault() {
        String eur = merchant("Euro Shop", "eur");
        Api.Response program = api.get("/api/v1/program", eur);
        assertThat(program.status()).isEqualTo(200);
        assertThat(program.text("currency")).isEqualTo("EUR");
        assertThat(program.body().get("currencyLocked").asBoolean()).isFalse();

        String usd = onboardMerchant("Dollar Shop");
        assertThat(api.get("/api/v1/program", usd).text("currency")).isEqualTo("USD");
    }

    @Test
    void refusesACurrencyThatIsNotIso4217() {
        assertThat(api.post("/admin/v1/merchants", ADMIN_TOKEN, Api.json(Map.of("name", "X", "currency", "EURO"))).status())
                .isEqualTo(400);
        String key = onboardMerchant("Typo Shop");
        assertThat(api.patch("/api/v1/program", key, "{\"currency\": \"XYZ\"}").status()).isEqualTo(400);
        assertThat(api.patch("/api/v1/program", key, "{\"currency\": \"\"}").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/program", key).text("currency")).isEqualTo("USD");
    }

    @Test
    void changesTheCurrencyUntilTheFirstConversionInItThenRefusesWith409SayingWhy() {
        String key = onboardMerchant("Switcher");
        Api.Response changed = api.patch("/api/v1/program", key, "{\"currency\": \"EUR\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.text("currency")).isEqualTo("EUR");
        assertThat(api.get("/api/v1/program", key, changed).text("currency")).isEqualTo("EUR");

        String affiliate = activeAffiliate(key, "Euro Partner");
        Api.Response conversion = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 5000)));
        assertThat(conversion.status()).isEqualTo(201);
        assertThat(conversion.text("currency")).as("a conversion without currency is in the program currency").isEqualTo("EUR");

        Api.Response refused = api.patch("/api/v1/program", key, "{\"currency\": \"USD\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("code")).isEqualTo("currency_locked");
        assertThat(refused.text("detail")).contains("EUR").contains(conversion.text("id"));
        Api.Response program = api.get("/api/v1/program", key, conversion);
        assertThat(program.text("currency")).isEqualTo("EUR");
        assertThat(program.body().get("currencyLocked").asBoolean()).isTrue();
        assertThat(api.patch("/api/v1/program", key, "{\"currency\": \"eur\"}").status()).as("the same currency").isEqualTo(200);
    }

    @Test
    void aConversionInAnotherCurrencyLeavesTheProgramCurrencyOpen() {
        String key = onboardMerchant("Foreign First");
        String affiliate = activeAffiliate(key, "Abroad");
        assertThat(api.post("/api/v1/conversions", key,
                Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 5000, "currency", "GBP"))).status()).isEqualTo(201);

        Api.Response changed = api.patch("/api/v1/program", key, "{\"currency\": \"GBP\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("currencyLocked").asBoolean()).isFalse();
    }

    @Test
    void flatRewardsPayoutsAndDefaultCurrenciesFollowTheProgramCurrency() {
        String key = merchant("Euro Rewards", "EUR");
        assertThat(api.patch("/api/v1/program", key, """
                {"event_rewards": {"signup": {"flat_amount_cents": 500}}}""").status()).isEqualTo(200);
        String affiliate = activeAffiliate(key, "Euro Referrer");

        Api.Response event = api.post("/api/v1/events", key, Api.json(Map.of("event_type", "signup", "affiliate_id", affiliate)));
        assertThat(event.status()).as(event.body().toString()).isEqualTo(201);
        assertThat(event.text("currency")).isEqualTo("EUR");
        assertThat(event.body().get("commissionCents").asLong()).isEqualTo(500);
        assertThat(api.post("/api/v1/events", key, Api.json(Map.of("event_type", "signup", "affiliate_id", affiliate,
                "currency", "USD"))).status()).as("a flat EUR reward cannot be added to a USD event").isEqualTo(422);

        assertThat(api.post("/api/v1/commissions/" + event.text("commissionId") + "/approve", key, null).status()).isEqualTo(200);
        Api.Response payout = api.post("/api/v1/payouts", key, Api.json(Map.of("affiliate_id", affiliate)));
        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(201);
        assertThat(payout.text("currency")).isEqualTo("EUR");
        assertThat(payout.body().get("amountCents").asLong()).isEqualTo(500);
    }
}
