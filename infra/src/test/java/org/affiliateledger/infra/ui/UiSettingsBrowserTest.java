package org.affiliateledger.infra.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

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
    void anApiKeyCreatedHereIsShownOnceWorksAndOnceRevokedIsRefused() {
        String admin = onboardMerchant("UI keys");
        signIn(admin);
        page.navigate(url("/ui/settings"));

        page.getByLabel("Name").fill("BI export");
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
        assertThat(page.navigate(url("/ui/settings/api-keys/key_00000000000000000000000000")).status()).isEqualTo(403);

        context.clearCookies();
        signIn(writer); // write is not admin: settings stay read-only
        page.navigate(url("/ui/settings"));
        assertThat(page.locator("main form")).hasCount(0);
        assertThat(postForm("/ui/settings/program", Map.of("_csrf", csrfToken(), "hold_days", "3")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/program", admin).body().get("holdDays").asInt()).isEqualTo(30);
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
        var withToken = postForm("/ui/settings/program", Map.of("_csrf", csrfToken(), "hold_days", "3"));
        assertThat(withToken.status()).isEqualTo(302);
        assertThat(api.get("/api/v1/program", admin).body().get("holdDays").asInt()).isEqualTo(3);
    }
}
