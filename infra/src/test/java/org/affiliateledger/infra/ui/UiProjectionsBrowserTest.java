package org.affiliateledger.infra.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class UiProjectionsBrowserTest extends UiBrowserTest {

    @Test
    void anOperatorWithTheAdminTokenSeesTheProjectionsAndRebuildsOneAndAWrongTokenChangesNothing() {
        String key = onboardMerchant("UI projections");
        signIn(key);
        page.navigate(url("/ui/history"));
        page.locator("#projections-link").click();

        page.locator("#status-token").fill("not-the-token");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show the projections")).click();
        assertThat(page.locator("#token-error")).containsText("not the operator's admin token");
        assertThat(page.locator("#projections")).hasCount(0);
        assertThat(page.locator("body")).not().containsText("not-the-token"); // never sent back

        page.locator("#status-token").fill(ADMIN_TOKEN);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show the projections")).click();
        assertThat(page.locator("#projections")).containsText("conversions");
        assertThat(page.locator("body")).not().containsText(ADMIN_TOKEN);

        page.getByLabel("Projection or read model (empty: all)").fill("conversions");
        page.locator("#rebuild-token").fill(ADMIN_TOKEN);
        page.onceDialog(dialog -> dialog.accept());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rebuild")).click();
        assertThat(page.locator("#rebuilt")).containsText("Rebuilding conversions");
        assertThat(page.locator("#projections")).isVisible();
        eventually(() -> api.get("/admin/v1/projections", ADMIN_TOKEN),
                r -> !r.body().toString().contains("\"replaying\":true")); // leaves the read models whole for the next test
    }

    @Test
    void aRebuildNeedsAnAdminKeyBesidesTheTokenAndTheTokenIsNeverEnoughAlone() {
        String admin = onboardMerchant("UI projections read");
        signIn(keyWithScopes(admin, "read"));
        page.navigate(url("/ui/projections"));

        assertThat(page.locator("#rebuild-form")).hasCount(0);
        assertThat(page.locator("#rebuild-needs-admin")).isVisible();
        var forged = postForm("/ui/projections/rebuild", Map.of("_csrf", csrfToken(), "admin_token", ADMIN_TOKEN));
        assertThat(forged.status()).isEqualTo(403);
        var noCsrf = postForm("/ui/projections/status", Map.of("admin_token", ADMIN_TOKEN));
        assertThat(noCsrf.status()).isEqualTo(403);
        var read = postForm("/ui/projections/status", Map.of("_csrf", csrfToken(), "admin_token", ADMIN_TOKEN));
        assertThat(read.status()).isEqualTo(200); // reading, behind the token, as the history's verify
        assertThat(read.text()).contains("id=\"projections\"");
    }
}
