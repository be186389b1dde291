package org.affiliateledger.infra.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's {@code /usr/bin/chromium}; Playwright never downloads a browser),
 * against the whole ledger of {@link LedgerIntegrationTest}. Each test gets a fresh browser context (its own cookies)
 * and a page at 1280×800; a test that fails leaves a screenshot under {@code target/ui-failures/}. Run with
 * {@code -Dui.screenshots=docs} to (re)write the README's screenshots under {@code docs/screenshots/}.
 */
public abstract class UiBrowserTest extends LedgerIntegrationTest {
    static final Path CHROMIUM = Paths.get(System.getProperty("ui.chromium", "/usr/bin/chromium"));
    static final List<String> CHROMIUM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage");
    private static Playwright playwright;
    private static Browser browser;

    protected BrowserContext context;
    protected Page page;

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = this::screenshotOnFailure;

    @BeforeAll
    static void launchChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: install Debian's chromium (apt-get install -y chromium); "
                    + ".ci/run installs it");
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_FLAGS));
    }

    @AfterAll
    static void closeChromium() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setTimezoneId("Europe/Berlin"));
        context.setDefaultTimeout(10_000);
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
        }
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Signs this browser in with {@code key}; lands on the overview. */
    protected void signIn(String key) {
        page.navigate(url("/ui/login"));
        page.getByLabel("API key").fill(key);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
    }

    /** A new key of the merchant with these scopes (issued through the API). */
    protected String keyWithScopes(String adminKey, String... scopes) {
        Api.Response issued = api.post("/api/v1/api-keys", adminKey,
                Api.json(Map.of("name", "ui " + String.join(" ", scopes), "scopes", List.of(scopes))));
        assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
        return issued.text("key");
    }

    /** The session's CSRF token, as the page carries it. */
    protected String csrfToken() {
        return page.locator("meta[name=csrf-token]").getAttribute("content");
    }

    /** A form POST from this browser's session (its cookies), outside any page: what a forged or scripted request sends. */
    protected com.microsoft.playwright.APIResponse postForm(String path, Map<String, String> fields) {
        FormData form = FormData.create();
        fields.forEach(form::set);
        return context.request().post(url(path), RequestOptions.create().setForm(form).setMaxRedirects(0));
    }

    /** With {@code -Dui.screenshots=docs}: the page as a PNG under docs/screenshots (the README's). */
    protected void documentScreenshot(String name) {
        if (!"docs".equals(System.getProperty("ui.screenshots"))) {
            return;
        }
        Path dir = Paths.get("..", "docs", "screenshots");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(true));
    }

    private void screenshotOnFailure(ExtensionContext test) {
        if (test.getExecutionException().isEmpty() || page == null || page.isClosed()) {
            return;
        }
        Path file = Paths.get("target", "ui-failures", test.getRequiredTestClass().getSimpleName() + "-"
                + test.getRequiredTestMethod().getName() + ".png");
        try {
            Files.createDirectories(file.getParent());
            page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
            System.err.println("[ui] failed page " + page.url() + " saved as " + file.toAbsolutePath());
        } catch (RuntimeException | IOException e) {
            System.err.println("[ui] could not save a screenshot of the failed page: " + e);
        }
    }
}
