package org.affiliateledger.infra.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class UiOverviewBrowserTest extends UiBrowserTest {

    @Test
    void theOverviewShowsTheFiguresOfTheLedgerNowAndAsItStoodBefore() throws Exception {
        String key = onboardMerchant("UI overview");
        assertThat(api.patch("/api/v1/program", key, "{\"landing_url\": \"https://shop.example/pricing\"}").status()).isEqualTo(200);
        String ada = activeAffiliate(key, "Ada Overview");
        String bob = activeAffiliate(key, "Bob Overview");
        String shortCode = api.get("/api/v1/affiliates/" + ada, key).text("shortCode");
        HttpResponse<String> click = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url("/r/" + shortCode))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(click.statusCode()).isBetween(301, 308);
        String big = commissionOf(key, ada, 10_000);   // $100.00 → $10.00
        commissionOf(key, ada, 5_000);                   // $50.00 → $5.00
        commissionOf(key, bob, 2_000);                   // $20.00 → $2.00
        Instant beforeApproval = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(beforeApproval.plusMillis(5)));
        assertThat(api.post("/api/v1/commissions/" + big + "/approve", key, "{}").status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/commissions/" + big + "/history", key), r -> r.body().get("data").size() == 2);
        eventually(() -> api.get("/api/v1/commissions/" + big, key), r -> "approved".equals(r.text("status")));

        signIn(key);
        page.navigate(url("/ui"));

        Locator usd = page.locator("#totals-USD");
        assertThat(figure(usd, "revenue")).hasText("$170.00");
        assertThat(usd).containsText("3 conversions");
        assertThat(figure(usd, "earned")).hasText("$17.00");
        assertThat(figure(usd, "pending")).hasText("$7.00");
        assertThat(figure(usd, "approved")).hasText("$10.00");
        assertThat(figure(usd, "paid")).hasText("$0.00");
        assertThat(figure(usd, "outstanding")).hasText("$10.00"); // approved + in payout; pending is not owed yet
        assertThat(figure(usd, "payouts-due")).hasText("$0.00");
        assertFiguresAreTheApiTotals(key, usd, "");
        assertThat(page.locator("#top-" + ada)).containsText("Ada Overview");
        assertThat(page.locator("#top-" + ada)).containsText("$150.00");
        assertThat(page.locator("#top-affiliates tbody tr").first()).containsText("Ada Overview"); // most revenue first
        assertThat(page.locator("#recent-activity")).containsText("commission.approved");
        assertThat(page.locator("#chart-counts canvas")).hasCount(1);
        assertThat(page.locator("#chart-money canvas")).hasCount(1);
        Locator today = page.locator("#series-table tbody tr").last();
        assertThat(today.locator("td").nth(1)).hasText("3"); // conversions today
        assertThat(today.locator("td").nth(2)).hasText("1"); // clicks today
        assertThat(today.locator("td").nth(3)).hasText("$170.00");
        documentScreenshot("overview");

        page.getByLabel("By", new Page.GetByLabelOptions().setExact(true)).selectOption("month");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        assertThat(page.locator("#series-table thead")).containsText("month");
        assertThat(page.locator("#series-table tbody tr").last().locator("td").nth(1)).hasText("3");

        page.navigate(url("/ui?as_of=" + beforeApproval));
        assertThat(page.locator("#past-view-banner")).containsText("Past view");
        usd = page.locator("#totals-USD");
        assertThat(figure(usd, "pending")).hasText("$17.00");
        assertThat(figure(usd, "approved")).hasText("$0.00");
        assertThat(figure(usd, "revenue")).hasText("$170.00");
        assertThat(figure(usd, "outstanding")).hasText("$0.00");
        assertFiguresAreTheApiTotals(key, usd, "?as_of=" + beforeApproval);
        assertThat(page.locator("#recent-activity")).not().containsText("commission.approved");
    }

    @Test
    void anEmptyLedgerSaysWhatToDoNext() {
        signIn(onboardMerchant("UI overview empty"));
        page.navigate(url("/ui"));
        assertThat(page.locator("#empty")).containsText("Nothing recorded yet");
        assertThat(page.locator("#recent-activity")).containsText("program.created");
        var bad = page.navigate(url("/ui?interval=year"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(page.locator("#error-message")).containsText("interval must be day, week or month");
    }

    /** One truth: the overview's commission figures are those of {@code GET /api/v1/balances/totals} (same query). */
    private void assertFiguresAreTheApiTotals(String key, Locator usd, String query) {
        Api.Response totals = api.get("/api/v1/balances/totals" + query, key);
        assertThat(totals.status()).as(totals.body().toString()).isEqualTo(200);
        var balance = totals.body().get("totals").get(0);
        assertThat(balance.get("currency").asString()).isEqualTo("USD");
        long earned = balance.get("earned").asLong() - balance.get("reduced").asLong() - balance.get("voided").asLong()
                - balance.get("clawedBack").asLong();
        assertThat(figure(usd, "earned")).hasText(usd(earned));
        assertThat(figure(usd, "pending")).hasText(usd(balance.get("pending").asLong() + balance.get("held").asLong()));
        assertThat(figure(usd, "approved")).hasText(usd(balance.get("approved").asLong()));
        assertThat(figure(usd, "paid")).hasText(usd(balance.get("paid").asLong()));
        assertThat(figure(usd, "outstanding")).hasText(usd(balance.get("outstanding").asLong()));
    }

    private static String usd(long cents) {
        return (cents < 0 ? "-$" : "$") + String.format("%,d.%02d", Math.abs(cents) / 100, Math.abs(cents) % 100);
    }

    private static Locator figure(Locator section, String name) {
        return section.locator("[data-figure=" + name + "]");
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
