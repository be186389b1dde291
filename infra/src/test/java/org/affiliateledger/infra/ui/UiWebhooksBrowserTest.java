package org.affiliateledger.infra.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The replay UI in a real Chromium, delivering to a real local receiver. */
class UiWebhooksBrowserTest extends UiBrowserTest {
    private static final DateTimeFormatter LOCAL_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * A datetime-local value as Chromium normalises it: without seconds when they are zero (filling "…T21:45:00" reads
     * back as "…T21:45", which Playwright refuses as malformed).
     */
    private static String localUtc(Instant at) {
        String value = LOCAL_UTC.format(at);
        return value.endsWith(":00") ? value.substring(0, value.length() - 3) : value;
    }
    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    @Test
    void replayingAMessageSendsItAgainAndTheNewAttemptAppears() {
        String key = onboardMerchant("UI webhooks replay");
        String endpoint = register(key);
        String affiliate = activeAffiliate(key, "Rita Replay");
        String message = deliveredMessage(key, affiliate);
        signIn(key);

        page.navigate(url("/ui/webhooks"));
        assertThat(page.locator("#endpoint-" + endpoint)).containsText("enabled");
        assertThat(page.locator("#endpoint-" + endpoint)).containsText("100 %");
        assertThat(page.locator("#message-" + message)).containsText("affiliate.approved");
        assertThat(page.locator("#message-" + message)).containsText("delivered");
        documentScreenshot("webhooks");
        page.locator("#message-" + message).getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions()
                .setName(message)).click();

        assertThat(page.locator("#message-type")).hasText("affiliate.approved");
        assertThat(page.locator("#message-body")).containsText(affiliate);
        assertThat(page.locator("#attempt-" + endpoint + "-1")).containsText("HTTP 204");
        page.locator("#attempt-" + endpoint + "-1").getByText("Request headers").click();
        assertThat(page.locator("#attempt-" + endpoint + "-1")).containsText("webhook-signature");
        assertThat(page.locator("#attempt-" + endpoint + "-1")).containsText(message);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Replay to " + endpoint)).click();

        assertThat(page.locator("#notice")).containsText("Replay scheduled to 1 endpoint");
        assertThat(page.locator("#attempt-" + endpoint + "-2")).containsText("HTTP 204"); // the page refreshes itself until it is there
        assertThat(page.locator("#delivery-" + endpoint + " .attempt-count")).hasText("2 attempts");
        List<WebhookReceiver.Received> received = receiver.received();
        assertThat(received).hasSize(2).allSatisfy(r -> {
            assertThat(r.id()).isEqualTo(message);
            assertThat(r.verified()).isTrue();
        });
        assertThat(api.get("/api/v1/webhook-messages/" + message, key).body().get("deliveries").get(0).get("attempts").asInt())
                .isEqualTo(2);
        page.locator("#attempt-" + endpoint + "-2").getByText("Request headers").click();
        documentScreenshot("webhook-message");

        // the past view: the log as it stood, and nothing to do
        page.navigate(url("/ui/webhooks/messages/" + message + "?as_of=" + Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        assertThat(page.locator("#past-view-banner")).isVisible();
        assertThat(page.locator("[data-action]")).hasCount(0);
        page.navigate(url("/ui/webhooks/endpoints/" + endpoint + "?as_of=" + Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        assertThat(page.locator("[data-action]")).hasCount(0);
    }

    @Test
    void recoverSinceShowsHowManyItWillSendBeforeItSendsThem() {
        String key = onboardMerchant("UI webhooks recover");
        String endpoint = register(key);
        Instant before = Instant.now().minusSeconds(1);
        receiver.answer(() -> 410);
        String first = parkedMessage(key, endpoint, activeAffiliate(key, "Gone Once"));
        assertThat(api.patch("/api/v1/webhook-endpoints/" + endpoint, key, "{\"enabled\": true}").status()).isEqualTo(200);
        String second = parkedMessage(key, endpoint, activeAffiliate(key, "Gone Twice"));
        receiver.answer(() -> 204);
        signIn(key);

        page.navigate(url("/ui/webhooks/endpoints/" + endpoint));
        assertThat(page.locator("#endpoint-state")).hasText("disabled");
        assertThat(page.locator("#disabled-reason")).containsText("410");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enable again")).click();
        assertThat(page.locator("#endpoint-state")).hasText("enabled");

        // a time after both: nothing to recover, and no button
        page.getByLabel("Since (UTC)").fill(localUtc(Instant.now().plusSeconds(1)));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Count them")).click();
        assertThat(page.locator("#recoverable-count")).hasText("0");
        assertThat(page.locator("[data-action=recover]")).hasCount(0);

        page.getByLabel("Since (UTC)").fill(localUtc(before));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Count them")).click();
        assertThat(page.locator("#recoverable-count")).hasText("2");
        assertThat(api.get("/api/v1/webhook-endpoints/" + endpoint + "/recoverable?since=" + before.truncatedTo(ChronoUnit.SECONDS),
                key).body().get("recoverable").asInt()).isEqualTo(2);
        assertThat(receiver.received()).hasSize(2); // counting sent nothing
        documentScreenshot("webhook-recover");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Recover 2 deliveries")).click();

        assertThat(page.locator("#notice")).containsText("Recovered 2 deliveries");
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().stream().filter(r -> r.id().equals(first)).count() == 2
                && receiver.received().stream().filter(r -> r.id().equals(second)).count() == 2);
        page.navigate(url("/ui/webhooks?status=delivered&endpoint=" + endpoint));
        assertThat(page.locator("#message-" + first)).containsText("delivered");
        assertThat(page.locator("#message-" + second)).containsText("delivered");
    }

    @Test
    void aTestEventArrivesAndAReadKeySeesNoActionAndItsForgedPostsAreRefused() {
        String key = onboardMerchant("UI webhooks read");
        String endpoint = register(key);
        signIn(key);
        page.navigate(url("/ui/webhooks/endpoints/" + endpoint));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send a test event")).click();
        assertThat(page.locator("#message-type")).hasText("webhook.test");
        assertThat(page.locator("#attempt-" + endpoint + "-1")).containsText("HTTP 204");
        String message = page.url().replaceAll(".*/messages/([^?]+).*", "$1");
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(message);
            assertThat(r.body()).contains("\"type\":\"webhook.test\"");
        });
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        signIn(keyWithScopes(key, "read"));
        page.navigate(url("/ui/webhooks"));
        assertThat(page.locator("#message-" + message)).isVisible();
        assertThat(page.locator("[data-action]")).hasCount(0);
        assertThat(page.locator("#create-endpoint")).hasCount(0);
        page.navigate(url("/ui/webhooks/messages/" + message));
        assertThat(page.locator("#attempt-" + endpoint + "-1")).isVisible();
        assertThat(page.locator("[data-action]")).hasCount(0);
        page.navigate(url("/ui/webhooks/endpoints/" + endpoint));
        assertThat(page.locator("[data-action]")).hasCount(0);

        String csrf = csrfToken();
        assertThat(postForm("/ui/webhooks/messages/" + message + "/replay", Map.of("_csrf", csrf)).status()).isEqualTo(403);
        assertThat(postForm("/ui/webhooks/endpoints/" + endpoint + "/test", Map.of("_csrf", csrf)).status()).isEqualTo(403);
        assertThat(postForm("/ui/webhooks/endpoints/" + endpoint + "/disable", Map.of("_csrf", csrf)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/webhook-messages/" + message, key).body().get("deliveries").get(0).get("attempts").asInt())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/webhook-endpoints/" + endpoint, key).body().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void anEndpointRegisteredOnTheScreenShowsItsSecretOnceAndIsUsableAtPhoneWidth() {
        String key = onboardMerchant("UI webhooks create");
        page.setViewportSize(390, 844);
        signIn(key);
        page.navigate(url("/ui/webhooks"));
        assertThat(page.locator("#no-endpoints")).isVisible();
        page.getByLabel("URL").fill(receiver.url("/from-ui"));
        page.getByLabel("Description").fill("made on the screen");
        page.getByLabel("commission.created").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register").setExact(true)).click();

        String secret = page.locator("#signing-secret").textContent().strip();
        assertThat(secret).startsWith("whsec_");
        assertThat(noHorizontalScroll()).isTrue();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Done: go to the endpoint")).click();
        String endpoint = page.url().replaceAll(".*/endpoints/([^?]+).*", "$1");
        assertThat(page.content()).doesNotContain(secret);
        assertThat(noHorizontalScroll()).isTrue();
        Api.Response read = api.get("/api/v1/webhook-endpoints/" + endpoint, key);
        assertThat(read.text("description")).isEqualTo("made on the screen");
        assertThat(read.body().get("eventTypes").get(0).asString()).isEqualTo("commission.created");

        receiver.secret(secret);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send a test event")).click();
        assertThat(page.locator("#attempt-" + endpoint + "-1")).containsText("HTTP 204");
        assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.verified()).isTrue());

        // rotation: asked first, then the new secret once; the next message verifies with it
        page.onDialog(dialog -> dialog.accept());
        page.navigate(url("/ui/webhooks/endpoints/" + endpoint));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rotate the secret")).click();
        String rotated = page.locator("#signing-secret").textContent().strip();
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(page.locator("main")).containsText("previous secret keeps signing until");
        receiver.secret(rotated);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Done: go to the endpoint")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send a test event")).click();
        assertThat(page.locator("#attempt-" + endpoint + "-1")).containsText("HTTP 204");
        assertThat(receiver.received()).hasSize(2).allSatisfy(r -> assertThat(r.verified()).isTrue());

        page.navigate(url("/ui/webhooks"));
        assertThat(noHorizontalScroll()).isTrue();
        page.navigate(url("/ui/webhooks/events"));
        assertThat(page.locator("#type-commission\\.created")).containsText("commissionId");
    }

    private boolean noHorizontalScroll() {
        return (Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth");
    }

    private String register(String key) {
        Api.Response created = api.post("/api/v1/webhook-endpoints", key,
                Api.json(Map.of("url", receiver.url("/hooks"), "description", "local receiver")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        receiver.secret(created.text("secret"));
        return created.text("id");
    }

    /** The affiliate's affiliate.approved message, once delivered. */
    private String deliveredMessage(String key, String affiliate) {
        return eventually(() -> api.get("/api/v1/webhook-messages?type=affiliate.approved&status=delivered", key),
                r -> r.body().get("data").size() == 1 && r.body().get("data").get(0).get("payload").toString().contains(affiliate))
                .body().get("data").get(0).get("id").asString();
    }

    /** The affiliate's message, once its 410 answer parked it and disabled the endpoint. */
    private String parkedMessage(String key, String endpoint, String affiliate) {
        String message = eventually(() -> api.get("/api/v1/webhook-messages?type=affiliate.approved&status=parked", key),
                r -> r.body().get("data").size() > 0 && r.body().get("data").get(0).toString().contains(affiliate))
                .body().get("data").get(0).get("id").asString();
        eventually(() -> api.get("/api/v1/webhook-endpoints/" + endpoint, key), r -> !r.body().get("enabled").asBoolean());
        return message;
    }
}
