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

/** The history screen in a real Chromium: the feed, a resource's timeline with its actors, the past view, operator verify. */
class UiHistoryBrowserTest extends UiBrowserTest {

    @Test
    void theFeedShowsAnApprovalWithItsActorAndTheCommissionsTimeline() {
        String key = onboardMerchant("UI history");
        String affiliate = activeAffiliate(key, "Hedda History");
        String commission = pendingCommission(key, affiliate);
        Instant beforeApproval = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(beforeApproval.plusMillis(5)));
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, null).status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/commissions/" + commission + "/history", key), r -> r.body().get("data").size() == 2);
        signIn(key);
        String keyId = page.locator(".who .key span").first().textContent().strip();

        page.navigate(url("/ui/history?type=commission.approved"));
        Locator approval = page.locator("tr.event", new Page.LocatorOptions().setHasText(commission));
        assertThat(approval).hasCount(1);
        assertThat(approval.locator(".event-type")).hasText("commission.approved");
        assertThat(approval.locator(".actor")).hasText("api_key:" + keyId);

        approval.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(commission)).click();
        assertThat(page.locator("#timeline-of")).hasText(commission);
        assertThat(page.locator("tr.event .event-type")).containsText(new String[]{"commission.created", "commission.approved"});
        assertThat(page.locator("tr.event").last().locator(".actor")).hasText("api_key:" + keyId);
        page.locator("tr.event").last().getByText("data").click();
        assertThat(page.locator("tr.event").last()).containsText(commission);
        documentScreenshot("history");

        // the past view: before the approval there was none, and nothing can be done
        page.navigate(url("/ui/history?resource=" + commission + "&as_of=" + beforeApproval));
        assertThat(page.locator("#past-view-banner")).isVisible();
        assertThat(page.locator("tr.event .event-type").first()).hasText("commission.created");
        assertThat(page.locator("tr.event .event-type", new Page.LocatorOptions().setHasText("commission.approved"))).hasCount(0);
        assertThat(page.locator("[data-action]")).hasCount(0);
    }

    @Test
    void anOperatorVerifiesTheChainWithTheAdminTokenWhichIsNeverKept() {
        String key = onboardMerchant("UI verify");
        activeAffiliate(key, "Vera Verify");
        eventually(() -> api.get("/api/v1/history/head", key), r -> r.body().get("position").asLong() > 0);
        signIn(keyWithScopes(key, "read"));
        page.navigate(url("/ui/history"));
        assertThat(page.locator("#head-hash")).not().isEmpty();

        page.getByLabel("Operator admin token").fill("not-the-token");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify the chain")).click();
        assertThat(page.locator("#verify-error")).containsText("not the operator's admin token");
        assertThat(page.locator("#verify-result")).hasCount(0);

        page.getByLabel("Operator admin token").fill(ADMIN_TOKEN);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify the chain")).click();
        assertThat(page.locator("#verify-result")).containsText("Nothing was altered");
        assertThat(page.content()).doesNotContain(ADMIN_TOKEN);
        assertThat(page.getByLabel("Operator admin token")).isEmpty();
        assertThat(context.cookies().stream().map(c -> c.value)).noneMatch(v -> v.contains(ADMIN_TOKEN));

        // at a phone's width the feed and the forms stay within the screen (the table scrolls inside its frame)
        page.setViewportSize(390, 844);
        page.navigate(url("/ui/history"));
        assertThat(page.locator("tr.event").first()).isVisible();
        assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
    }

    private String pendingCommission(String key, String affiliate) {
        Api.Response created = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 4200}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String conversion = created.text("id");
        return eventually(() -> api.get("/api/v1/commissions?conversion_id=" + conversion, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
    }
}
