package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replays of one message are distinct attempts, and a delivery's attempt count always equals its attempt log. */
class WebhookReplayHttpTest extends LedgerIntegrationTest {
    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private String messageOf(String key) {
        Api.Response endpoint = api.post("/api/v1/webhook-endpoints", key,
                Api.json(Map.of("url", receiver.url("/hooks"), "event_types", List.of("affiliate.approved"))));
        assertThat(endpoint.status()).isEqualTo(201);
        receiver.secret(endpoint.text("secret"));
        activeAffiliate(key, "Replayed Partner");
        return eventually(() -> api.get("/api/v1/webhook-messages?status=delivered", key),
                r -> r.body().get("data").size() == 1).body().at("/data/0/id").asString();
    }

    private JsonNode delivery(String key, String message) {
        return api.get("/api/v1/webhook-messages/" + message, key).body().at("/deliveries/0");
    }

    @Test
    void twoQuickReplaysAreTwoMoreAttemptsAndTheCountEqualsTheLog() {
        String key = onboardMerchant("Replays");
        String message = messageOf(key);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);

        assertThat(api.post("/api/v1/webhook-messages/" + message + "/replay", key, "{}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/webhook-messages/" + message + "/replay", key, "{}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() == 3);
        JsonNode delivery = eventually(() -> api.get("/api/v1/webhook-messages/" + message, key),
                r -> "delivered".equals(r.body().at("/deliveries/0/status").asString())
                        && r.body().at("/deliveries/0/attempts").asInt() == 3).body().at("/deliveries/0");
        assertThat(delivery.get("attemptLog")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(delivery.get("attemptLog").get(i).get("attempt").asInt()).isEqualTo(i + 1);
        }
        assertThat(receiver.received()).allSatisfy(r -> assertThat(r.id()).isEqualTo(message));
        assertThat(receiver.received()).allSatisfy(r -> assertThat(r.verified()).isTrue());
    }

    @Test
    void aReplayDuringAnAttemptUnderWayIsAnAttemptOfItsOwn() {
        String key = onboardMerchant("Replay during attempt");
        String message = messageOf(key);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        // the receiver is slow now: the replay arrives while the next attempt is under way
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(() -> {
            if (calls.incrementAndGet() == 1) {
                sleep(700);
            }
            return 204;
        });
        assertThat(api.post("/api/v1/webhook-messages/" + message + "/replay", key, "{}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        assertThat(api.post("/api/v1/webhook-messages/" + message + "/replay", key, "{}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() == 3);
        JsonNode delivery = eventually(() -> api.get("/api/v1/webhook-messages/" + message, key),
                r -> r.body().at("/deliveries/0/attempts").asInt() == 3
                        && "delivered".equals(r.body().at("/deliveries/0/status").asString())).body().at("/deliveries/0");
        assertThat(delivery.get("attemptLog")).hasSize(delivery.get("attempts").asInt());
    }

    @Test
    void attemptsAlwaysEqualTheAttemptLogAcrossFailuresAndReplays() {
        String key = onboardMerchant("Counting");
        receiver.answer(() -> 500);
        String endpoint = api.post("/api/v1/webhook-endpoints", key,
                Api.json(Map.of("url", receiver.url("/hooks"), "event_types", List.of("affiliate.approved")))).text("id");
        activeAffiliate(key, "Failing Partner");
        String message = eventually(() -> api.get("/api/v1/webhook-messages?endpoint_id=" + endpoint, key),
                r -> r.body().get("data").size() == 1 && r.body().at("/data/0/deliveries/0/attempts").asInt() == 1)
                .body().at("/data/0/id").asString();
        receiver.answer(() -> 204);
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/webhook-messages/" + message + "/replay", key,
                    Api.json(Map.of("endpoint_id", endpoint))).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() == 4);
        JsonNode delivery = eventually(() -> api.get("/api/v1/webhook-messages/" + message, key),
                r -> r.body().at("/deliveries/0/attempts").asInt() == 4).body().at("/deliveries/0");
        assertThat(delivery.get("attemptLog")).hasSize(4);
        assertThat(delivery.get("status").asString()).isEqualTo("delivered");
        assertThat(delivery(key, message).get("attempts").asInt()).isEqualTo(4);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
