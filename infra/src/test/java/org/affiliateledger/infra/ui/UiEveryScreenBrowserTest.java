package org.affiliateledger.infra.ui;

import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What holds on every screen, checked on each: it fits a 1280 px wide window (nothing scrolls sideways, neither the page
 * nor on finance a table inside it) and a 390 px phone (the page does not scroll sideways; wide tables scroll inside their
 * frame); every form control has a label; and a past view ({@code ?as_of=}) is marked as one and offers no action.
 * The data is wide on purpose: six-figure amounts, a long affiliate name, a payout, a webhook message.
 */
class UiEveryScreenBrowserTest extends UiBrowserTest {

    @Test
    void everyScreenFitsA1280PixelWindowAndAPhoneLabelsEveryControlAndInAPastViewOffersNoAction() {
        String key = onboardMerchant("UI fits 1280 with a rather long merchant name, Incorporated");
        Api.Response endpoint = api.post("/api/v1/webhook-endpoints", key,
                Api.json(Map.of("url", "http://127.0.0.1:9/hooks/affiliate-ledger/a-rather-long-path", "description", "nowhere")));
        assertThat(endpoint.status()).as(endpoint.body().toString()).isEqualTo(201);
        String affiliate = activeAffiliate(key, "Maximiliane Wolkenkratzer-Longname");
        String conversion = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 123456789}").text("id");
        String commission = eventually(() -> api.get("/api/v1/commissions?conversion_id=" + conversion, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, "{}").status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/commissions/" + commission, key), r -> "approved".equals(r.text("status")));
        Api.Response payout = api.post("/api/v1/payouts", key, "{\"affiliate_id\": \"" + affiliate + "\"}");
        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(201);
        api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 98765432}");
        String message = eventually(() -> api.get("/api/v1/webhook-messages", key), r -> r.body().get("data").size() > 0)
                .body().get("data").get(0).get("id").asString();
        String keyId = api.get("/api/v1/api-keys", key).body().get("data").get(0).get("id").asString();
        eventually(() -> api.get("/api/v1/balances/totals", key), r -> r.body().get("totals").size() == 1
                && r.body().get("totals").get(0).get("inPayout").asLong() > 0);
        signIn(key);

        // who did it, on one line: the key's name, its id in the title (an id wrapped over lines broke the column)
        page.navigate(url("/ui"));
        var actors = page.locator("#recent-activity td.actor span");
        assertThat(actors.first()).isVisible();
        assertThat(page.locator("#recent-activity td.actor span[title='api_key:" + keyId + "']").first()).hasText("default");
        Object wrapped = page.evaluate("() => [...document.querySelectorAll('#recent-activity td.actor span')]"
                + ".filter(s => s.getClientRects().length !== 1 || s.offsetHeight > 1.5 * (parseFloat(getComputedStyle(s).lineHeight) || 20))"
                + ".map(s => s.title)");
        assertThat((List<?>) wrapped).as("actors wrapped over more than one line").isEmpty();
        // balances by affiliate show the affiliate's name, linked to it
        page.navigate(url("/ui/finance"));
        var name = page.locator("#finance-balances tr[id^='balance-" + affiliate + "-'] td:first-child a");
        assertThat(name).hasText("Maximiliane Wolkenkratzer-Longname");
        assertThat(name).hasAttribute("href", java.util.regex.Pattern.compile(".*/ui/affiliates/" + affiliate + "$"));

        List<String> screens = List.of("/ui", "/ui/affiliates", "/ui/affiliates/" + affiliate, "/ui/conversions",
                "/ui/conversions/" + conversion, "/ui/commissions", "/ui/commissions/" + commission, "/ui/payouts",
                "/ui/payouts/" + payout.text("id"), "/ui/webhooks", "/ui/webhooks/events",
                "/ui/webhooks/endpoints/" + endpoint.text("id"), "/ui/webhooks/messages/" + message, "/ui/history",
                "/ui/history?resource=" + commission, "/ui/finance", "/ui/finance/statement?affiliate=" + affiliate,
                "/ui/finance/reconciliation", "/ui/settings", "/ui/settings/api-keys/" + keyId,
                "/ui/projections");
        List<String> overflowing = new ArrayList<>();
        List<String> unlabelled = new ArrayList<>();
        for (String screen : screens) {
            page.navigate(url(screen));
            assertThat(page.locator("#main")).isVisible();
            Object by = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (((Number) by).intValue() > 0) {
                overflowing.add(screen + " scrolls sideways by " + by + " px");
            }
            if (screen.startsWith("/ui/finance")) {
                Object tables = page.evaluate("() => [...document.querySelectorAll('.table-wrap')]"
                        + ".filter(w => w.scrollWidth > w.clientWidth).map(w => (w.querySelector('table') || w).id + ' by '"
                        + " + (w.scrollWidth - w.clientWidth) + ' px')");
                if (!((List<?>) tables).isEmpty()) {
                    overflowing.add(screen + ": table scrolls sideways: " + tables);
                }
            }
            Object missing = page.evaluate("() => [...document.querySelectorAll('input, select, textarea')]"
                    + ".filter(c => c.type !== 'hidden' && c.labels.length === 0 && !c.getAttribute('aria-label')"
                    + " && !c.getAttribute('aria-labelledby')).map(c => c.name || c.id)");
            if (!((List<?>) missing).isEmpty()) {
                unlabelled.add(screen + ": " + missing);
            }
        }
        assertThat(overflowing).isEmpty();
        assertThat(unlabelled).as("form controls without a label").isEmpty();

        String then = java.time.Instant.now().toString();
        for (String screen : screens) {
            page.navigate(url(screen + (screen.contains("?") ? "&" : "?") + "as_of=" + then));
            assertThat(page.locator("#past-view-banner").isVisible()).as(screen + " is marked as a past view").isTrue();
            assertThat(page.locator("#main form[method=post] button, #main form[method=post] [type=submit]").count())
                    .as(screen + " offers no action in a past view").isZero();
        }

        page.setViewportSize(390, 844); // a phone: tables may scroll inside their frame, the page itself may not
        for (String screen : screens) {
            page.navigate(url(screen));
            Object by = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (((Number) by).intValue() > 0) {
                overflowing.add(screen + " scrolls sideways at 390 px by " + by + " px");
            }
        }
        assertThat(overflowing).isEmpty();
    }
}
