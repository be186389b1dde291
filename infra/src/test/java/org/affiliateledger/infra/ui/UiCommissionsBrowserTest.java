package org.affiliateledger.infra.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class UiCommissionsBrowserTest extends UiBrowserTest {

    @Test
    void anApprovalOnTheCommissionsScreenIsWhatTheApiThenShows() {
        String key = onboardMerchant("UI approve");
        String affiliate = activeAffiliate(key, "Ada Approve");
        String commission = pendingCommission(key, affiliate, 12_345);
        String other = pendingCommission(key, affiliate, 500);
        signIn(key);

        page.navigate(url("/ui/commissions?status=pending"));
        Locator row = page.locator("#row-" + commission);
        assertThat(row).containsText("$12.34"); // 10% of $123.45, in cents rounded down
        assertThat(row).containsText("pending");
        documentScreenshot("commissions");
        row.getByRole(AriaRole.CHECKBOX).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve selected")).click();

        assertThat(page.locator("#notice")).hasText("Approved 1 item.");
        assertThat(page.locator("#row-" + commission)).hasCount(0); // the filter is kept: it is no longer pending
        assertThat(page.locator("#row-" + other)).isVisible();
        Api.Response read = api.get("/api/v1/commissions/" + commission, key);
        assertThat(read.text("status")).isEqualTo("approved");
        assertThat(eventually(() -> api.get("/api/v1/commissions/" + commission + "/history", key),
                r -> r.body().get("data").size() == 2).body().get("data").get(1).get("type").asString())
                .isEqualTo("commission.approved");
    }

    @Test
    void travellingToBeforeTheApprovalShowsTheCommissionPending() {
        String key = onboardMerchant("UI time travel");
        String affiliate = activeAffiliate(key, "Tim Travel");
        String commission = pendingCommission(key, affiliate, 2_000);
        Instant beforeApproval = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        eventually(() -> api.get("/api/v1/commissions/" + commission, key), r -> true); // a visible gap before the approval
        await(beforeApproval);
        signIn(key);
        page.navigate(url("/ui/commissions/" + commission));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve").setExact(true)).click();
        assertThat(page.locator("#status")).hasText("approved");

        page.navigate(url("/ui/commissions/" + commission + "?as_of=" + beforeApproval));

        assertThat(page.locator("#past-view-banner")).containsText("Past view");
        assertThat(page.locator("#status")).hasText("pending");
        assertThat(page.locator("[data-action]")).hasCount(0);
        documentScreenshot("commission-past-view");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("← Commissions")).click();
        assertThat(page.locator("#row-" + commission)).containsText("pending");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to now").setExact(true)).first().click();
        assertThat(page.locator("#row-" + commission)).containsText("approved");
    }

    @Test
    void anotherMerchantsCommissionIsNotFound() {
        String owner = onboardMerchant("UI owner");
        String commission = pendingCommission(owner, activeAffiliate(owner, "Owner Aff"), 700);
        signIn(onboardMerchant("UI stranger"));

        var response = page.navigate(url("/ui/commissions/" + commission));

        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("#error-message")).containsText(commission);
        var forged = postForm("/ui/commissions/" + commission + "/approve", java.util.Map.of("_csrf", csrfToken()));
        assertThat(forged.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/commissions/" + commission, owner).text("status")).isEqualTo("pending");
    }

    /** Waits until the clock has passed {@code instant}, so what follows is recorded strictly after it. */
    private static void await(Instant instant) {
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(instant.plusMillis(5)));
    }

    private String pendingCommission(String key, String affiliate, long amountCents) {
        Api.Response created = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": " + amountCents + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String conversion = created.text("id");
        return eventually(() -> api.get("/api/v1/commissions?conversion_id=" + conversion, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
    }
}
