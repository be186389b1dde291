package org.affiliateledger.infra.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class UiSettingsBrowserTest extends UiBrowserTest {

    @Test
    void changingTheHoldDaysIsWhatTheApiThenShows() {
        String key = onboardMerchant("UI settings");
        signIn(key);
        page.navigate(url("/ui/settings"));
        assertThat(page.getByLabel("Hold days")).hasValue("30");

        page.getByLabel("Hold days").fill("14");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save program settings")).click();

        assertThat(page.locator("#notice")).hasText("Saved 1 item.");
        assertThat(page.getByLabel("Hold days")).hasValue("14");
        Api.Response program = api.get("/api/v1/program", key);
        assertThat(program.body().get("holdDays").asInt()).isEqualTo(14);
        assertThat(program.body().get("defaultRate").asString()).isEqualTo("10"); // fields not changed are not sent
        assertThat(page.locator("#stripe-webhook-url")).hasText(url("/stripe/webhooks/" + merchantIdOf(key)));
        assertThat(page.locator("#snippet-tag")).hasText("<script src=\"" + url("/snippet.js") + "\"></script>");
        documentScreenshot("settings");
    }

    @Test
    void anInvalidValueShowsTheApisMessageNextToTheFieldAndChangesNothing() {
        String key = onboardMerchant("UI invalid");
        String apiMessage = api.patch("/api/v1/program", key, "{\"hold_days\": 400}").text("detail");
        String rateMessage = api.patch("/api/v1/program", key, "{\"default_rate\": \"101\"}").text("detail");
        signIn(key);
        page.navigate(url("/ui/settings"));

        page.getByLabel("Hold days").fill("400");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save program settings")).click();

        assertThat(page.locator("#hold_days-error")).hasText(apiMessage);
        assertThat(page.getByLabel("Hold days")).hasValue("400"); // what was typed stays, to be corrected
        assertThat(api.get("/api/v1/program", key).body().get("holdDays").asInt()).isEqualTo(30);

        page.getByLabel("Hold days").fill("30");
        page.getByLabel("Default commission rate (%)").fill("101");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save program settings")).click();
        assertThat(page.locator("#default_rate-error")).hasText(rateMessage);
        assertThat(api.get("/api/v1/program", key).body().get("defaultRate").asString()).isEqualTo("10");

        page.getByLabel("Signing secret").fill("not-a-secret");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save").setExact(true)).click();
        assertThat(page.locator("#stripe_webhook_secret-error")).containsText("whsec_");
        page.getByLabel("Signing secret").fill("whsec_test_secret_1234");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save").setExact(true)).click();
        assertThat(page.locator("#stripe-secret-status")).hasText("set, ending in 1234");
        assertThat(page.locator("body")).not().containsText("whsec_test_secret");
        assertThat(api.get("/api/v1/program", key).body().get("stripeWebhookSecret").get("last4").asString()).isEqualTo("1234");
    }

    @Test
    void eventRewardsPerformanceTiersAndFraudRulesChangedHereAreWhatTheApiThenShows() {
        String key = onboardMerchant("UI rules");
        signIn(key);
        page.navigate(url("/ui/settings"));

        field("Event type, row 1").fill("trial_started");
        field("Flat amount in minor units, row 1").fill("500");
        field("Event type, row 2").fill("signup");
        field("Reward rate (%), row 2").fill("10");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save event rewards")).click();

        assertThat(page.locator("#notice")).hasText("Saved 1 item.");
        var rewards = api.get("/api/v1/program", key).body().get("eventRewards");
        assertThat(rewards.get("trial_started").get("flatAmountCents").asLong()).isEqualTo(500);
        assertThat(rewards.get("signup").get("rate").asString()).isEqualTo("10");
        assertThat(field("Event type, row 1")).hasValue("signup"); // the table, by type
        assertThat(field("Event type, row 3")).hasValue(""); // room for more

        field("Event type, row 1").fill(""); // emptied: removed
        field("Reward rate (%), row 1").fill("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save event rewards")).click();
        assertThat(page.locator("#notice")).hasText("Saved 1 item.");
        rewards = api.get("/api/v1/program", key).body().get("eventRewards");
        assertThat(rewards.has("signup")).isFalse();
        assertThat(rewards.has("trial_started")).isTrue();

        field("Tier name, row 1").fill("gold");
        field("From revenue in minor units, row 1").fill("500000");
        field("Tier rate (%), row 1").fill("20");
        field("Tier name, row 2").fill("silver");
        field("From revenue in minor units, row 2").fill("100000");
        field("Tier rate (%), row 2").fill("15");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save performance tiers")).click();

        assertThat(page.locator("#notice")).hasText("Saved 1 item.");
        var tiers = api.get("/api/v1/program", key).body().get("performanceTiers");
        assertThat(tiers.size()).isEqualTo(2);
        assertThat(tiers.get(0).get("name").asString()).isEqualTo("silver"); // kept in ascending order
        assertThat(tiers.get(1).get("minRevenueCents").asLong()).isEqualTo(500_000);
        assertThat(field("Tier name, row 1")).hasValue("silver");

        assertThat(field("Velocity is on")).not().isChecked();
        field("Velocity is on").check();
        field("Most conversions of one click session").fill("3");
        field("Self-referral is on").uncheck();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save fraud rules")).click();

        assertThat(page.locator("#notice")).hasText("Saved 1 item.");
        var fraud = api.get("/api/v1/program", key).body().get("fraudRules");
        assertThat(fraud.get("velocity").get("enabled").asBoolean()).isTrue();
        assertThat(fraud.get("velocity").get("maxConversions").asInt()).isEqualTo(3);
        assertThat(fraud.get("velocity").get("windowMinutes").asInt()).isEqualTo(60);
        assertThat(fraud.get("selfReferral").get("enabled").asBoolean()).isFalse();
        assertThat(fraud.get("refundRate").get("enabled").asBoolean()).isFalse();
        assertThat(field("Velocity is on")).isChecked();
    }

    @Test
    void aBadRuleShowsTheApisMessageKeepsWhatWasTypedAndChangesNothing() {
        String key = onboardMerchant("UI bad rules");
        String rateMessage = api.patch("/api/v1/program", key, "{\"event_rewards\": {\"lead\": {\"rate\": \"150\"}}}").text("detail");
        String amountMessage = api.patch("/api/v1/program", key,
                "{\"event_rewards\": {\"lead\": {\"flat_amount_cents\": \"5 dollars\"}}}").text("detail");
        String tiersMessage = api.patch("/api/v1/program", key, "{\"performance_tiers\": [{\"name\": \"a\", "
                + "\"min_revenue_cents\": 1000, \"rate\": \"5\"}, {\"name\": \"b\", \"min_revenue_cents\": 1000, \"rate\": \"6\"}]}")
                .text("detail");
        String velocityMessage = api.patch("/api/v1/program", key, "{\"fraud_rules\": {\"velocity\": {\"max_conversions\": 0}}}")
                .text("detail");
        assertThat(List.of(rateMessage, amountMessage, tiersMessage, velocityMessage)).doesNotContainNull();
        var before = api.get("/api/v1/program", key).body();
        signIn(key);
        page.navigate(url("/ui/settings"));

        field("Event type, row 1").fill("lead");
        field("Reward rate (%), row 1").fill("150");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save event rewards")).click();
        assertThat(page.locator("#event_rewards-error")).hasText(rateMessage);
        assertThat(field("Reward rate (%), row 1")).hasValue("150"); // kept, to be corrected

        field("Reward rate (%), row 1").fill("");
        field("Flat amount in minor units, row 1").fill("5 dollars");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save event rewards")).click();
        assertThat(page.locator("#event_rewards-error")).hasText(amountMessage);

        field("Tier name, row 1").fill("a");
        field("From revenue in minor units, row 1").fill("1000");
        field("Tier rate (%), row 1").fill("5");
        field("Tier name, row 2").fill("b");
        field("From revenue in minor units, row 2").fill("1000");
        field("Tier rate (%), row 2").fill("6");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save performance tiers")).click();
        assertThat(page.locator("#performance_tiers-error")).hasText(tiersMessage);
        assertThat(field("Tier name, row 2")).hasValue("b");

        field("Most conversions of one click session").fill("0");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save fraud rules")).click();
        assertThat(page.locator("#fraud_rules-error")).hasText(velocityMessage);
        assertThat(field("Most conversions of one click session")).hasValue("0");

        var after = api.get("/api/v1/program", key).body();
        assertThat(after.get("eventRewards")).isEqualTo(before.get("eventRewards"));
        assertThat(after.get("performanceTiers")).isEqualTo(before.get("performanceTiers"));
        assertThat(after.get("fraudRules")).isEqualTo(before.get("fraudRules"));
    }

    @Test
    void anApiKeyCreatedHereIsShownOnceWorksAndOnceRevokedIsRefused() {
        String admin = onboardMerchant("UI keys");
        signIn(admin);
        page.navigate(url("/ui/settings"));

        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("BI export");
        page.locator("#scope-read").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();

        String secret = page.locator("#issued-secret").textContent().strip();
        assertThat(secret).isNotBlank();
        Api.Response withIt = api.get("/api/v1/affiliates", secret);
        assertThat(withIt.status()).isEqualTo(200);
        assertThat(api.post("/api/v1/affiliates", secret, "{\"name\": \"No\", \"email\": \"no@example.com\"}").status())
                .isEqualTo(403); // a read key, as chosen
        String keyId = null;
        for (var k : api.get("/api/v1/api-keys", admin).body().get("data")) {
            if (k.get("name").asString().equals("BI export")) {
                keyId = k.get("id").asString();
            }
        }
        assertThat(keyId).isNotNull();

        page.navigate(url("/ui/settings"));
        assertThat(page.locator("#issued-key")).hasCount(0);
        assertThat(page.locator("body")).not().containsText(secret); // shown once
        assertThat(page.locator("#key-" + keyId)).containsText("BI export");

        page.onceDialog(dialog -> dialog.accept());
        page.locator("#revoke-" + keyId).click();

        assertThat(page.locator("#notice")).hasText("Revoked 1 item.");
        assertThat(page.locator("#key-" + keyId)).containsText("revoked");
        assertThat(api.get("/api/v1/affiliates", secret).status()).isEqualTo(401);

        page.locator("#key-" + keyId).getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("BI export")).click();
        assertThat(page.locator("#key-scopes")).hasText("read");
        assertThat(page.locator("#audit-table")).containsText("revoked");
        assertThat(page.locator("#audit-table")).containsText("issued");
    }

    @Test
    void moreApiKeysThanAPageHoldsAreReachedByCursorEachOnce() {
        String admin = onboardMerchant("UI many keys");
        for (int i = 0; i < 26; i++) { // with the merchant's first key: 27, a page shows 25
            keyWithScopes(admin, "read");
        }
        signIn(admin);
        page.navigate(url("/ui/settings"));

        var rows = page.locator("#keys-table tbody tr");
        assertThat(rows).hasCount(25);
        java.util.List<String> seen = new java.util.ArrayList<>(ids(rows));
        page.locator("#keys-next").click();
        assertThat(rows).hasCount(2);
        assertThat(page.locator("#keys-next")).hasCount(0);
        assertThat(page.locator("#keys-pager")).containsText("End of the list.");
        seen.addAll(ids(rows));

        java.util.List<String> all = new java.util.ArrayList<>();
        api.get("/api/v1/api-keys?limit=100", admin).body().get("data").forEach(k -> all.add("key-" + k.get("id").asString()));
        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(all); // newest first, as the API lists them
    }

    private static java.util.List<String> ids(com.microsoft.playwright.Locator rows) {
        return rows.all().stream().map(row -> row.getAttribute("id")).toList();
    }

    @Test
    void aReadKeySeesTheValuesButNoFormsAndItsForgedPostIsRefused() {
        String admin = onboardMerchant("UI read settings");
        String reader = keyWithScopes(admin, "read");
        String writer = keyWithScopes(admin, "write");
        signIn(reader);
        page.navigate(url("/ui/settings"));

        assertThat(page.locator("#value-hold_days")).hasText("30");
        assertThat(page.locator("main form")).hasCount(0);
        assertThat(page.locator("#keys-need-admin")).isVisible();
        var forged = postForm("/ui/settings/program", Map.of("_csrf", csrfToken(), "hold_days", "3"));
        assertThat(forged.status()).isEqualTo(403);
        var forgedKey = postForm("/ui/settings/api-keys", Map.of("_csrf", csrfToken(), "name", "mine", "scopes", "admin"));
        assertThat(forgedKey.status()).isEqualTo(403);
        assertThat(page.locator("#value-velocity")).containsText("off");
        assertThat(page.locator("#save-event-rewards, #save-performance-tiers, #save-fraud-rules")).hasCount(0);
        assertThat(postForm("/ui/settings/event-rewards", Map.of("_csrf", csrfToken(), "reward_type", "lead",
                "reward_flat_amount_cents", "100")).status()).isEqualTo(403);
        assertThat(postForm("/ui/settings/performance-tiers", Map.of("_csrf", csrfToken(), "tier_name", "gold",
                "tier_min_revenue_cents", "100", "tier_rate", "50")).status()).isEqualTo(403);
        assertThat(postForm("/ui/settings/fraud-rules", Map.of("_csrf", csrfToken(), "velocity_enabled", "on",
                "velocity_max_conversions", "1", "velocity_window_minutes", "1")).status()).isEqualTo(403);
        assertThat(page.navigate(url("/ui/settings/api-keys/key_00000000000000000000000000")).status()).isEqualTo(403);

        context.clearCookies();
        signIn(writer); // write is not admin: settings stay read-only
        page.navigate(url("/ui/settings"));
        assertThat(page.locator("main form")).hasCount(0);
        assertThat(postForm("/ui/settings/program", Map.of("_csrf", csrfToken(), "hold_days", "3")).status()).isEqualTo(403);
        assertThat(postForm("/ui/settings/fraud-rules", Map.of("_csrf", csrfToken(), "velocity_enabled", "on",
                "velocity_max_conversions", "1", "velocity_window_minutes", "1")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/program", admin).body().get("holdDays").asInt()).isEqualTo(30);
        var program = api.get("/api/v1/program", admin).body();
        assertThat(program.get("eventRewards").size()).isZero();
        assertThat(program.get("performanceTiers").size()).isZero();
        assertThat(program.get("fraudRules").get("velocity").get("enabled").asBoolean()).isFalse();
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        String admin = onboardMerchant("UI csrf settings");
        signIn(admin);
        page.navigate(url("/ui/settings"));

        var noToken = postForm("/ui/settings/program", Map.of("hold_days", "3"));
        var wrongToken = postForm("/ui/settings/program", Map.of("_csrf", "not-the-token", "hold_days", "3"));

        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.text()).contains("CSRF");
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/program", admin).body().get("holdDays").asInt()).isEqualTo(30);
        for (String form : List.of("/ui/settings/event-rewards", "/ui/settings/performance-tiers", "/ui/settings/fraud-rules")) {
            assertThat(postForm(form, Map.of("reward_type", "lead", "tier_name", "gold", "velocity_enabled", "on")).status())
                    .as(form).isEqualTo(403);
        }
        assertThat(api.get("/api/v1/program", admin).body().get("fraudRules").get("velocity").get("enabled").asBoolean()).isFalse();
        var withToken = postForm("/ui/settings/program", Map.of("_csrf", csrfToken(), "hold_days", "3"));
        assertThat(withToken.status()).isEqualTo(302);
        assertThat(api.get("/api/v1/program", admin).body().get("holdDays").asInt()).isEqualTo(3);
    }

    /** The form control with exactly this label (row labels share words: "…, row 1" is in "…, row 10"). */
    private com.microsoft.playwright.Locator field(String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }
}
