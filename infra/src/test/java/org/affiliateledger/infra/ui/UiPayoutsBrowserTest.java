package org.affiliateledger.infra.ui;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class UiPayoutsBrowserTest extends UiBrowserTest {

    @Test
    void aPayoutCreatedFromTheDueListAndMarkedPaidIsWhatTheApiThenShowsAndThePastShowsItSent() {
        String key = onboardMerchant("UI payouts");
        String affiliate = activeAffiliate(key, "Pia Payee");
        String commission = approvedCommission(key, affiliate, 25_000);
        signIn(key);

        page.navigate(url("/ui/payouts"));
        var due = page.locator("#eligible-" + affiliate + "-USD");
        assertThat(due).containsText("$25.00");
        assertThat(due).containsText("payable");
        due.getByRole(AriaRole.BUTTON).click();

        assertThat(page.locator("#notice")).hasText("Created 1 item.");
        assertThat(page.locator("#status")).hasText("created");
        assertThat(page.locator("#commission-" + commission)).containsText("$25.00");
        String payout = page.url().replaceAll(".*/ui/payouts/(pay_[0-9a-z]+).*", "$1");
        page.getByLabel("Transfer reference (optional)").fill("wise-4711");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark sent")).click();
        assertThat(page.locator("#status")).hasText("sent");
        assertThat(page.locator("#reference")).hasText("wise-4711");
        Instant beforePaid = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(beforePaid.plusMillis(5)));
        page.onDialog(dialog -> dialog.accept());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark paid")).click();

        assertThat(page.locator("#status")).hasText("paid");
        assertThat(page.locator(".timeline")).containsText("payout.paid");
        assertThat(api.get("/api/v1/payouts/" + payout, key).text("status")).isEqualTo("paid");
        // the commissions follow the payout through the payout saga, so they turn paid a moment later
        assertThat(eventually(() -> api.get("/api/v1/commissions/" + commission, key),
                r -> "paid".equals(r.text("status"))).text("payoutId")).isEqualTo(payout);
        page.navigate(url("/ui/payouts/" + payout));
        assertThat(page.locator("#commission-" + commission)).containsText("paid");

        eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/balance", key),
                r -> r.body().get("balances").size() == 1 && r.body().get("balances").get(0).get("paid").asLong() == 2_500);
        page.navigate(url("/ui/affiliates/" + affiliate));
        assertThat(page.locator("#balance-USD")).containsText("$25.00");

        page.navigate(url("/ui/payouts/" + payout + "?as_of=" + beforePaid));
        assertThat(page.locator("#past-view-banner")).isVisible();
        assertThat(page.locator("#status")).hasText("sent");
        assertThat(page.locator("#commission-" + commission)).containsText("approved");
        assertThat(page.locator("[data-action]")).hasCount(0);
        page.navigate(url("/ui/payouts?as_of=" + beforePaid));
        assertThat(page.locator("#row-" + payout)).containsText("sent");
        page.navigate(url("/ui/payouts"));
        assertThat(page.locator("#row-" + payout)).containsText("paid");
        assertThat(page.locator("#eligible-empty")).isVisible();
    }

    @Test
    void aBatchPaysEveryoneDueSaysWhyTheOthersAreNotAndExportsItsCsv() throws IOException {
        String key = onboardMerchant("UI payout batch");
        assertThat(api.patch("/api/v1/program", key, "{\"payout_minimum_cents\": 2000}").status()).isEqualTo(200);
        String big = activeAffiliate(key, "Bea Big");
        String small = activeAffiliate(key, "Sam Small");
        approvedCommission(key, big, 30_000);
        approvedCommission(key, small, 5_000);
        signIn(key);

        page.navigate(url("/ui/payouts"));
        assertThat(page.locator("#eligible-" + big + "-USD")).containsText("payable");
        assertThat(page.locator("#eligible-" + small + "-USD")).containsText("below the program's payout minimum of 20.00 USD");
        documentScreenshot("payouts");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pay everyone due (one batch)")).click();

        assertThat(page.locator("#notice")).hasText("Created 1 item.");
        assertThat(page.locator("#refusals")).containsText(small);
        assertThat(page.locator("#refusals")).containsText("below the program's payout minimum");
        assertThat(page.locator("#eligible-" + small + "-USD")).isVisible();
        assertThat(page.locator("#eligible-" + big + "-USD")).hasCount(0);
        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Export this batch as CSV")).click());
        String csv = Files.readString(download.path());
        assertThat(csv).startsWith("payout_id,affiliate_id,affiliate_email,affiliate_name,amount_cents");
        assertThat(csv).contains(big).contains("3000,30.00,USD").doesNotContain(small);
        String batch = page.url().replaceAll(".*batch=(pob_[0-9a-z]+).*", "$1");
        assertThat(api.get("/api/v1/payouts?batch_id=" + batch, key).body().get("data").size()).isEqualTo(1);
    }

    @Test
    void aReadKeySeesNoPayoutActionAndItsForgedPostIsRefused() {
        String admin = onboardMerchant("UI payouts read");
        String affiliate = activeAffiliate(admin, "Rex Read");
        approvedCommission(admin, affiliate, 10_000);
        signIn(keyWithScopes(admin, "read"));

        page.navigate(url("/ui/payouts"));
        assertThat(page.locator("#eligible-" + affiliate + "-USD")).containsText("$10.00");
        assertThat(page.locator("[data-action]")).hasCount(0);
        APIResponse forged = postForm("/ui/payouts/create", Map.of("_csrf", csrfToken(), "affiliate_id", affiliate));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/payouts?affiliate_id=" + affiliate, admin).body().get("data").size()).isZero();
    }

    @Test
    void moreBalancesDueThanAPageHoldsAreReachedByCursorEachOnceLargestFirst() {
        String owner = onboardMerchant("UI payouts due pages");
        Api.Response issued = api.post("/api/v1/api-keys", owner,
                "{\"name\": \"bulk\", \"scopes\": [\"*\"], \"rate_limits\": {\"write_per_minute\": 100000}}");
        assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
        String key = issued.text("key");
        assertThat(api.patch("/api/v1/program", key, "{\"hold_days\": 0}").status()).isEqualTo(200); // approved at once
        int affiliates = 27; // a page shows 25
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (int i = 0; i < affiliates; i++) {
            String affiliate = activeAffiliate(key, "Due " + i);
            expected.add(affiliate);
            long amount = 10_000 + (i % 3) * 1_000; // ties: the cursor's key must go on by affiliate within an amount
            assertThat(api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": "
                    + amount + "}").status()).isEqualTo(201);
        }
        // every commission approved in the balances first: under load the last ones reach the read model later
        long approvedCents = 27 * 1_000 + 9 * 100 + 9 * 200; // 10 % of 10,000 / 11,000 / 12,000, nine of each
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            var totals = api.get("/api/v1/balances/totals", key).body().get("totals");
            return totals.size() == 1 && totals.get(0).get("approved").asLong() == approvedCents;
        });
        signIn(key);
        page.navigate(url("/ui/payouts"));

        var rows = page.locator("#eligible tbody tr");
        assertThat(rows).hasCount(25);
        java.util.List<String> seen = new java.util.ArrayList<>(ids(page));
        assertThat(page.locator("#eligible tbody tr").first()).containsText("$12.00"); // largest first
        page.locator("#due-next").click();
        assertThat(page.locator("#eligible tbody tr")).hasCount(2);
        assertThat(page.locator("#eligible tbody tr").last()).containsText("$10.00");
        assertThat(page.locator("#due-next")).hasCount(0);
        assertThat(page.locator("#due-pager")).containsText("End of what is due.");
        seen.addAll(ids(page));

        assertThat(seen).doesNotHaveDuplicates().hasSize(affiliates);
        assertThat(seen.stream().map(id -> id.replaceAll("^eligible-(aff_[0-9a-z]+)-USD$", "$1")).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static java.util.List<String> ids(Page page) {
        return page.locator("#eligible tbody tr").all().stream().map(row -> row.getAttribute("id")).toList();
    }

    private String approvedCommission(String key, String affiliate, long amountCents) {
        Api.Response created = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": " + amountCents + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String conversion = created.text("id");
        String commission = eventually(() -> api.get("/api/v1/commissions?conversion_id=" + conversion, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, "{}").status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/commissions/" + commission, key), r -> "approved".equals(r.text("status")));
        return commission;
    }
}
