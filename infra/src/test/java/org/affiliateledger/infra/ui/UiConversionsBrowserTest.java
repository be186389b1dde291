package org.affiliateledger.infra.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class UiConversionsBrowserTest extends UiBrowserTest {

    @Test
    void filtersNarrowTheListAndAConversionShowsItsCommissionsAndHistoryAsTheyStoodThen() {
        String key = onboardMerchant("UI conversions");
        String ada = activeAffiliate(key, "Ada Conv");
        String bob = activeAffiliate(key, "Bob Conv");
        String adas = conversion(key, ada, 10_000, "inv-ada-1");
        String bobs = conversion(key, bob, 4_000, "inv-bob-1");
        String commission = eventually(() -> api.get("/api/v1/commissions?conversion_id=" + adas, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
        eventually(() -> api.get("/api/v1/conversions/" + bobs, key), r -> r.status() == 200);
        Instant beforeApproval = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(beforeApproval.plusMillis(5)));
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, "{}").status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/conversions/" + adas, key), r -> "approved".equals(r.text("status")));
        signIn(key);

        page.navigate(url("/ui/conversions"));
        assertThat(page.locator("#row-" + adas)).containsText("$100.00");
        assertThat(page.locator("#row-" + adas)).containsText("approved");
        assertThat(page.locator("#row-" + bobs)).containsText("$40.00");
        documentScreenshot("conversions");
        page.getByLabel("Affiliate (id or short code)").fill(ada);
        page.getByLabel("Source").selectOption("manual");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.locator("#row-" + adas)).isVisible();
        assertThat(page.locator("#row-" + bobs)).hasCount(0);
        page.getByLabel("Source").selectOption("stripe");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.locator("#empty")).containsText("No conversion matches");

        page.navigate(url("/ui/conversions/" + adas));
        assertThat(page.locator("#amount")).hasText("$100.00");
        assertThat(page.locator("#commission-" + commission)).containsText("$10.00");
        assertThat(page.locator("#commission-" + commission)).containsText("approved");
        assertThat(page.locator(".timeline")).containsText("conversion.recorded");

        page.navigate(url("/ui/conversions/" + adas + "?as_of=" + beforeApproval));
        assertThat(page.locator("#past-view-banner")).isVisible();
        assertThat(page.locator("#status")).hasText("pending");
        assertThat(page.locator("#commission-" + commission)).containsText("pending");
        page.navigate(url("/ui/conversions?status=approved&as_of=" + beforeApproval));
        assertThat(page.locator("#row-" + adas)).hasCount(0);
    }

    @Test
    void anotherMerchantsConversionIsNotFound() {
        String owner = onboardMerchant("UI conv owner");
        String adas = conversion(owner, activeAffiliate(owner, "Owner Conv"), 1_000, "inv-o-1");
        signIn(onboardMerchant("UI conv stranger"));

        var response = page.navigate(url("/ui/conversions/" + adas));

        assertThat(response.status()).isEqualTo(404);
        page.navigate(url("/ui/conversions"));
        assertThat(page.locator("#empty")).containsText("No conversions yet");
    }

    private String conversion(String key, String affiliate, long amountCents, String externalId) {
        Api.Response created = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + affiliate
                + "\", \"amount_cents\": " + amountCents + ", \"external_id\": \"" + externalId + "\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }
}
