package org.affiliateledger.infra.ui;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class UiSignInBrowserTest extends UiBrowserTest {

    @Test
    void signingInWithAnApiKeyOpensASessionTheBrowserKeepsOnlyAsAnHttpOnlyStrictCookie() {
        String key = onboardMerchant("UI sign-in");
        page.navigate(url("/ui/commissions"));
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/ui/login\\?next=.*"));
        documentScreenshot("login");

        page.getByLabel("API key").fill(key);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

        assertThat(page).hasURL(url("/ui/commissions"));
        Cookie session = context.cookies().stream().filter(c -> c.name.equals(UiSessionFilter.COOKIE)).findFirst().orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        assertThat(session.value).doesNotContain(key);
        assertThat(context.cookies()).noneMatch(c -> c.value.contains(key));
        assertThat((String) page.evaluate("() => document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"))
                .doesNotContain(key);
    }

    @Test
    void signingOutEndsTheSessionSoItsCookieNoLongerOpensAnything() {
        signIn(onboardMerchant("UI sign-out"));
        String sessionId = context.cookies().stream().filter(c -> c.name.equals(UiSessionFilter.COOKIE)).findFirst().orElseThrow().value;

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        assertThat(page.locator("#signed-out")).hasText("You are signed out.");
        context.addCookies(java.util.List.of(new Cookie(UiSessionFilter.COOKIE, sessionId).setDomain("127.0.0.1").setPath("/")));
        page.navigate(url("/ui"));
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/ui/login.*"));
    }

    @Test
    void aWrongKeyIsRefusedWithAMessageAndNoSession() {
        page.navigate(url("/ui/login"));
        page.getByLabel("API key").fill("alk_notAKeyAtAll");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

        assertThat(page.locator("#login-error")).containsText("not valid");
        assertThat(context.cookies()).noneMatch(c -> c.name.equals(UiSessionFilter.COOKIE));
    }

    @Test
    void everyPageForbidsFramingAndInlineScript() {
        signIn(onboardMerchant("UI headers"));
        var response = page.navigate(url("/ui"));

        assertThat(response.headers().get("x-frame-options")).isEqualTo("DENY");
        assertThat(response.headers().get("content-security-policy"))
                .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(page.locator("script:not([src])")).hasCount(0);
    }

    @Test
    void aReadKeySeesNoActionAndItsForgedPostIsRefused() {
        String admin = onboardMerchant("UI read key");
        signIn(keyWithScopes(admin, "read"));

        assertThat(page.locator("[data-action]")).hasCount(0);
        APIResponse forged = postForm("/ui/commissions/com_01hx5v3k8m2n4p6q8r0s2t4v6w/approve", Map.of("_csrf", csrfToken()));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.text()).contains("lacks the &#39;write&#39; scope");
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefused() {
        signIn(onboardMerchant("UI CSRF"));

        APIResponse missing = postForm("/ui/logout", Map.of());
        APIResponse wrong = postForm("/ui/logout", Map.of("_csrf", "forged"));

        assertThat(missing.status()).isEqualTo(403);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.text()).contains("CSRF");
        page.navigate(url("/ui"));
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
    }

    @Test
    void thePastViewIsMarkedKeptAcrossNavigationAndShowsNoAction() {
        signIn(onboardMerchant("UI as of"));
        String then = java.time.Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

        page.navigate(url("/ui?as_of=" + then));
        assertThat(page.locator("#past-view-banner")).containsText("Past view");
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Screens"))
                .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Commissions")).click();

        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/ui/commissions\\?as_of=.*"));
        assertThat(page.locator("#past-view-banner")).isVisible();
        assertThat(page.locator("[data-action]")).hasCount(0);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to now").setExact(true)).first().click();
        assertThat(page.locator("#past-view-banner")).hasCount(0);
    }
}
