package org.affiliateledger.infra.ui;

import com.microsoft.playwright.Locator;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fraud-flag filter of {@code /ui/conversions} and the source filter of {@code /ui/commissions}, driven by keyboard
 * (choose, Tab to the Filter button, Enter): they narrow the list to exactly the matching rows, keep the other filters,
 * and the "Older" link of a longer list carries them to the next page. 26 plain manual sales (more than one page of
 * 25), one sale a fraud rule flags (the customer is the affiliate) and one event.
 */
class UiListFiltersBrowserTest extends UiBrowserTest {
    private static final int PLAIN_SALES = 26;

    @Test
    void theFlaggedAndSourceFiltersNarrowTheListsPageByPage() {
        String key = onboardMerchant("UI list filters");
        Api.Response patched = api.patch("/api/v1/program", key, """
                {"fraud_rules": {"self_referral": {"enabled": true}}, "event_rewards": {"signup": {"flat_amount_cents": 300}}}""");
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        String email = "self." + System.nanoTime() + "@example.com";
        String affiliate = created(api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", "Flo Filter", "email", email, "status", "active"))));
        List<String> plain = new ArrayList<>();
        for (int i = 0; i < PLAIN_SALES; i++) {
            plain.add(created(api.post("/api/v1/conversions", key,
                    "{\"affiliate_id\": \"%s\", \"amount_cents\": %d}".formatted(affiliate, 1000 + i))));
        }
        String flagged = created(api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"%s\", \"amount_cents\": 5000, \"customer_email\": \"%s\"}".formatted(affiliate, email)));
        Api.Response signup = api.post("/api/v1/events", key, "{\"event_type\": \"signup\", \"affiliate_id\": \"%s\"}".formatted(affiliate));
        String event = created(signup);
        String eventCommission = signup.text("commissionId");
        eventually(() -> api.get("/api/v1/conversions/" + flagged, key), r -> !r.body().get("fraudRules").isEmpty());
        eventually(() -> api.get("/api/v1/commissions?limit=100", key), r -> r.body().get("data").size() == PLAIN_SALES + 2);
        signIn(key);

        // conversions: flagged
        page.navigate(url("/ui/conversions?affiliate=" + affiliate));
        filterBy("Fraud flag", "true");
        assertThat(page.getByLabel("Affiliate (id or short code)")).hasValue(affiliate); // the other filter is kept
        assertThat(page.locator("tbody tr")).hasCount(1);
        assertThat(page.locator("#row-" + flagged)).containsText("flagged");
        // not flagged: two pages, the flagged one on neither, the event and every plain sale across them
        filterBy("Fraud flag", "false");
        List<String> rows = rowIds();
        assertThat(rows).hasSize(25);
        Locator older = page.locator("a[rel=next]");
        assertThat(older.getAttribute("href")).contains("flagged=false", "affiliate=" + affiliate, "cursor=");
        older.click();
        assertThat(page.getByLabel("Fraud flag")).hasValue("false");
        rows.addAll(rowIds());
        List<String> unflagged = new ArrayList<>(plain);
        unflagged.add(event);
        assertThat(rows).containsExactlyInAnyOrderElementsOf(unflagged).doesNotContain(flagged);

        // commissions: source
        page.navigate(url("/ui/commissions?status=pending"));
        filterBy("Source", "event");
        assertThat(page.getByLabel("Status")).hasValue("pending");
        assertThat(rowIds()).containsExactly(eventCommission);
        filterBy("Source", "stripe");
        assertThat(page.locator("#empty")).containsText("No commission matches");
        filterBy("Source", "manual");
        List<String> manual = rowIds();
        assertThat(manual).hasSize(25);
        older = page.locator("a[rel=next]");
        assertThat(older.getAttribute("href")).contains("source=manual", "status=pending", "cursor=");
        older.click();
        assertThat(page.getByLabel("Source")).hasValue("manual");
        manual.addAll(rowIds());
        assertThat(manual).hasSize(PLAIN_SALES + 1).doesNotContain(eventCommission);
    }

    /** Chooses {@code value} in the labelled select, then Tab to the Filter button and Enter: no mouse needed. */
    private void filterBy(String label, String value) {
        String parameter = label.equals("Source") ? "source" : "flagged";
        Locator select = page.getByLabel(label, new com.microsoft.playwright.Page.GetByLabelOptions().setExact(true));
        select.focus();
        select.selectOption(value);
        select.press("Tab");
        assertThat(page.locator("form.filters button[type=submit]")).isFocused();
        page.keyboard().press("Enter");
        page.waitForURL(java.util.regex.Pattern.compile(".*[?&]" + parameter + "=" + value + "(&.*)?$"));
    }

    private List<String> rowIds() {
        List<String> ids = new ArrayList<>();
        for (Object id : (List<?>) page.evaluate("() => [...document.querySelectorAll('tbody tr[id^=row-]')].map(r => r.id.substring(4))")) {
            ids.add((String) id);
        }
        return ids;
    }

    private static String created(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.text("id");
    }
}
