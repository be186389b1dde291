package org.affiliateledger.infra.ui;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class UiFinanceBrowserTest extends UiBrowserTest {

    @Test
    void balancesStatementAndReconciliationNowAndAsTheyStoodBefore() {
        String key = onboardMerchant("UI finance");
        String ada = activeAffiliate(key, "Ada Finance");
        String big = commissionOf(key, ada, 10_000);   // $10.00
        commissionOf(key, ada, 5_000);                   // $5.00
        Instant beforeApproval = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(beforeApproval.plusMillis(5)));
        assertThat(api.post("/api/v1/commissions/" + big + "/approve", key, "{}").status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/balances/totals", key),
                r -> r.body().get("totals").size() == 1 && r.body().get("totals").get(0).get("approved").asLong() == 1_000);

        signIn(key);
        page.navigate(url("/ui/finance"));

        Locator total = page.locator("#total-USD");
        assertThat(total.locator("[data-col=earned]")).hasText("$15.00");
        assertThat(total.locator("[data-col=pending]")).hasText("$5.00");
        assertThat(total.locator("[data-col=approved]")).hasText("$10.00");
        assertThat(total.locator("[data-col=outstanding]")).hasText("$10.00");
        Locator row = page.locator("#balance-" + ada + "-USD");
        assertThat(row.locator("[data-col=approved]")).hasText("$10.00");
        documentScreenshot("finance");

        row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Statement")).click();
        assertThat(page.locator("#statement tr.line")).hasCount(3); // earned, earned, approved
        assertThat(page.locator("#closing [data-col=approved]")).hasText("$10.00");
        assertThat(page.locator("#closing [data-col=pending]")).hasText("$5.00");
        String csvHref = page.locator("#statement-csv").getAttribute("href");
        APIResponse csv = context.request().get(url(csvHref));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().get("content-type")).startsWith("text/csv");
        assertThat(csv.text()).contains("closing").contains(big);

        page.navigate(url("/ui/finance/reconciliation"));
        assertThat(page.locator("#balanced")).isVisible();
        assertThat(page.locator("#recon-USD")).containsText("$150.00");
        assertThat(page.locator("#recon-USD")).containsText("holds");

        page.navigate(url("/ui/finance?as_of=" + beforeApproval));
        assertThat(page.locator("#past-view-banner")).containsText("Past view");
        total = page.locator("#total-USD");
        assertThat(total.locator("[data-col=pending]")).hasText("$15.00");
        assertThat(total.locator("[data-col=approved]")).hasText("$0.00");
    }

    private String commissionOf(String key, String affiliate, long amountCents) {
        Api.Response created = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": " + amountCents + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String conversion = created.text("id");
        return eventually(() -> api.get("/api/v1/commissions?conversion_id=" + conversion, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
    }
}
