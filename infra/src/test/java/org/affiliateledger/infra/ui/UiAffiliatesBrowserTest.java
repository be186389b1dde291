package org.affiliateledger.infra.ui;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class UiAffiliatesBrowserTest extends UiBrowserTest {

    @Test
    void suspendingOnTheAffiliatesPageIsWhatTheApiThenShowsAndThePastStillShowsItActive() {
        String key = onboardMerchant("UI suspend");
        String parent = activeAffiliate(key, "Paula Parent");
        String child = childOf(key, parent, "Chris Child");
        String other = activeAffiliate(key, "Olga Other");
        eventually(() -> api.get("/api/v1/affiliates/" + child, key), r -> r.status() == 200);
        signIn(key);

        page.navigate(url("/ui/affiliates"));
        assertThat(page.locator("#row-" + child)).containsText("Chris Child");
        assertThat(page.locator("#row-" + other)).isVisible();
        documentScreenshot("affiliates");
        page.getByLabel("Search (name, email, short code)").fill("chris");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        assertThat(page.locator("#row-" + child)).isVisible();
        assertThat(page.locator("#row-" + other)).hasCount(0);
        page.locator("#row-" + child).getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions()
                .setName("Chris Child")).click();

        assertThat(page.locator("#status")).hasText("active");
        assertThat(page.locator("#parent")).containsText("Paula Parent");
        Instant beforeSuspension = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(beforeSuspension.plusMillis(5)));
        page.getByLabel("Reason to suspend").fill("chargeback pattern");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Suspend").setExact(true)).click();

        assertThat(page.locator("#notice")).hasText("Suspended 1 item.");
        assertThat(page.locator("#status")).hasText("suspended");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reinstate"))).isVisible();
        assertThat(page.locator(".timeline")).containsText("affiliate.suspended");
        documentScreenshot("affiliate");
        assertThat(api.get("/api/v1/affiliates/" + child, key).text("status")).isEqualTo("suspended");

        page.navigate(url("/ui/affiliates/" + child + "?as_of=" + beforeSuspension));
        assertThat(page.locator("#past-view-banner")).containsText("Past view");
        assertThat(page.locator("#status")).hasText("active");
        assertThat(page.locator("[data-action]")).hasCount(0);
        assertThat(page.locator(".timeline")).not().containsText("affiliate.suspended");
        page.navigate(url("/ui/affiliates?status=active&as_of=" + beforeSuspension));
        assertThat(page.locator("#row-" + child)).containsText("active");
        page.navigate(url("/ui/affiliates?status=active"));
        assertThat(page.locator("#row-" + child)).hasCount(0);
    }

    @Test
    void theParentsPageListsItsChildrenAndTheOverrideAndTaxFormAreSavedThroughTheApi() {
        String key = onboardMerchant("UI lineage");
        String parent = activeAffiliate(key, "Pam Parent");
        String child = childOf(key, parent, "Kim Kid");
        eventually(() -> api.get("/api/v1/affiliates?parent_id=" + parent, key), r -> r.body().get("data").size() == 1);
        assertThat(api.patch("/api/v1/program", key, "{\"landing_url\": \"https://shop.example/\"}").status()).isEqualTo(200);
        String shortCode = api.get("/api/v1/affiliates/" + parent, key).text("shortCode");
        clickTwice(merchantIdOf(key), shortCode);
        eventually(() -> api.get("/api/v1/affiliates/" + parent + "/clicks", key), r -> r.body().get("total").asLong() == 2);
        signIn(key);

        page.navigate(url("/ui/affiliates/" + parent));
        assertThat(page.locator("#children")).containsText("Kim Kid");
        assertThat(page.locator("#clicks-title")).containsText("2 in all");
        assertThat(page.locator("svg.chart rect.bar")).hasCount(UiAffiliatesController.CLICK_DAYS);
        assertThat(page.locator("#clicks-table tbody tr")).hasCount(1);
        page.getByLabel("Commission override (%)").fill("12.5");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save override")).click();
        assertThat(page.locator("#override")).hasText("12.5% (override)");
        assertThat(api.get("/api/v1/affiliates/" + parent, key).text("commissionOverride")).isEqualTo("12.5");

        page.getByLabel("Tax form received").selectOption("W-9");
        page.getByLabel("Received on").fill("2026-01-15");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record tax form")).click();
        assertThat(page.locator("#tax-form")).hasText("W-9, received 2026-01-15");
        assertThat(api.get("/api/v1/affiliates/" + parent, key).body().get("taxForm").get("formType").asString()).isEqualTo("W-9");

        page.getByLabel("Commission override (%)").fill("250");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save override")).click();
        assertThat(page.locator("#error-message")).isVisible();
        assertThat(api.get("/api/v1/affiliates/" + parent, key).text("commissionOverride")).isEqualTo("12.5");
    }

    @Test
    void theAffiliateScreensFitAPhoneWidthAndTheirActionsAreReachableByKeyboard() {
        String key = onboardMerchant("UI phone");
        String parent = activeAffiliate(key, "Phoebe Phone");
        String child = childOf(key, parent, "Kit Keyboard");
        eventually(() -> api.get("/api/v1/affiliates?parent_id=" + parent, key), r -> r.body().get("data").size() == 1);
        page.setViewportSize(390, 844);
        signIn(key);

        for (String path : new String[]{"/ui/affiliates", "/ui/affiliates/" + parent, "/ui/conversions", "/ui/payouts"}) {
            page.navigate(url(path));
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue()).as(path + " is wider than the phone").isLessThanOrEqualTo(0);
        }
        page.navigate(url("/ui/affiliates/" + child));
        page.getByLabel("Reason to suspend").focus();
        page.keyboard().type("by keyboard");
        page.keyboard().press("Tab");
        assertThat(page.locator("button[data-action=suspend]")).isFocused();
        page.keyboard().press("Enter");
        assertThat(page.locator("#status")).hasText("suspended");
    }

    @Test
    void aReadKeySeesNoActionAndItsForgedPostIsRefused() {
        String admin = onboardMerchant("UI read affiliates");
        String affiliate = activeAffiliate(admin, "Rita Read");
        eventually(() -> api.get("/api/v1/affiliates/" + affiliate, admin), r -> r.status() == 200);
        signIn(keyWithScopes(admin, "read"));

        page.navigate(url("/ui/affiliates/" + affiliate));
        assertThat(page.locator("#status")).hasText("active");
        assertThat(page.locator("[data-action]")).hasCount(0);
        APIResponse forged = postForm("/ui/affiliates/" + affiliate + "/suspend", Map.of("_csrf", csrfToken()));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/affiliates/" + affiliate, admin).text("status")).isEqualTo("active");
    }

    @Test
    void anotherMerchantsAffiliateIsNotFound() {
        String owner = onboardMerchant("UI aff owner");
        String affiliate = activeAffiliate(owner, "Owned Aff");
        signIn(onboardMerchant("UI aff stranger"));

        var response = page.navigate(url("/ui/affiliates/" + affiliate));

        assertThat(response.status()).isEqualTo(404);
        var forged = postForm("/ui/affiliates/" + affiliate + "/suspend", Map.of("_csrf", csrfToken()));
        assertThat(forged.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/affiliates/" + affiliate, owner).text("status")).isEqualTo("active");
    }

    private void clickTwice(String merchantId, String shortCode) {
        var http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 2; i++) {
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/r/" + merchantId + "/" + shortCode)))
                        .GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                assertThat(response.statusCode()).isEqualTo(302);
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private String childOf(String key, String parent, String name) {
        Api.Response created = api.post("/api/v1/affiliates", key, Api.json(Map.of("name", name,
                "email", name.toLowerCase().replace(' ', '.') + "." + System.nanoTime() + "@example.com",
                "status", "active", "parent_id", parent)));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }
}
