package org.affiliateledger.infra.webhooks;

import org.affiliateledger.command.webhook.DeliverySchedule;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.ControllableClock;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Register an endpoint, receive signed events, see every attempt, survive the schedule, 410, replay and recover — over HTTP. */
class WebhookDeliveryHttpTest extends LedgerIntegrationTest {
    @Autowired
    ControllableClock clock;
    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private String register(String key, List<String> types) {
        Api.Response created = api.post("/api/v1/webhook-endpoints", key,
                Api.json(Map.of("url", receiver.url("/hooks"), "event_types", types, "description", "test receiver")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        receiver.secret(created.text("secret"));
        return created.text("id");
    }

    @Test
    void aMerchantReceivesSignedAffiliateAndCommissionEventsAndSeesEveryAttempt() {
        String key = onboardMerchant("Webhook Receiver Co");
        String endpoint = register(key, List.of());
        String affiliate = activeAffiliate(key, "Hook Partner");
        Api.Response conversion = api.post("/api/v1/conversions", key,
                Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 10000)));
        assertThat(conversion.status()).isEqualTo(201);
        String commission = eventually(() -> api.get("/api/v1/conversions/" + conversion.text("id"), key),
                r -> r.status() == 200 && r.body().hasNonNull("commissionId")).text("commissionId");
        assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, null).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> types().containsAll(
                Set.of("affiliate.approved", "commission.created", "commission.approved")));
        assertThat(receiver.received()).allSatisfy(r -> assertThat(r.verified()).as(r.toString()).isTrue());
        WebhookReceiver.Received created = receiver.received().stream()
                .filter(r -> r.body().contains("commission.created")).findFirst().orElseThrow();
        assertThat(created.body()).contains("\"commissionId\":\"" + commission + "\"").contains("\"amountCents\":");

        Api.Response listed = eventually(() -> api.get("/api/v1/webhook-messages?type=commission.created&status=delivered", key),
                r -> r.body().get("data").size() == 1);
        String messageId = listed.body().get("data").get(0).get("id").asString();
        assertThat(messageId).isEqualTo(created.id());
        JsonNode attempt = api.get("/api/v1/webhook-messages/" + messageId, key).body()
                .get("deliveries").get(0).get("attemptLog").get(0);
        assertThat(attempt.get("statusCode").asInt()).isEqualTo(204);
        assertThat(attempt.get("durationMs").isNumber()).isTrue();

        // rotation: the next message carries both signatures, each verifies with its own secret
        String oldSecret = null;
        Api.Response rotated = api.post("/api/v1/webhook-endpoints/" + endpoint + "/rotate-secret", key, null);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.text("secret");
        assertThat(api.post("/api/v1/affiliates/" + affiliate + "/suspend", key, Api.json(Map.of("reason", "test"))).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> types().contains("affiliate.suspended"));
        WebhookReceiver.Received suspended = receiver.received().stream()
                .filter(r -> r.body().contains("affiliate.suspended")).findFirst().orElseThrow();
        assertThat(suspended.signatureHeader().split(" ")).hasSize(2);
        assertThat(suspended.verified()).isTrue();
        assertThat(WebhookReceiver.verifies(newSecret, suspended.id(), Long.toString(suspended.timestamp()), suspended.body(),
                suspended.signatureHeader())).isTrue();

        // health
        JsonNode health = api.get("/api/v1/webhook-endpoints/" + endpoint, key).body().get("health");
        assertThat(health.get("successRate24h").asDouble()).isEqualTo(1.0);
        assertThat(oldSecret).isNull();
    }

    @Test
    void failingEndpointIsRetriedOnTheWholeScheduleThenFailedWithTheSameWebhookId() {
        String key = onboardMerchant("Flaky Receiver Co");
        receiver.answer(() -> 500);
        String endpoint = register(key, List.of("affiliate.approved"));
        activeAffiliate(key, "Scheduled Partner");
        Duration[] delays = DeliverySchedule.DELAYS.toArray(Duration[]::new);
        for (int attempt = 1; attempt <= 10; attempt++) {
            int expected = attempt;
            JsonNode delivery = eventually(() -> api.get("/api/v1/webhook-messages?endpoint_id=" + endpoint, key),
                    r -> r.body().get("data").size() == 1
                            && r.body().get("data").get(0).get("deliveries").get(0).get("attempts").asInt() == expected)
                    .body().get("data").get(0).get("deliveries").get(0);
            if (attempt == 10) {
                assertThat(delivery.get("status").asString()).isEqualTo("failed");
                assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();
                break;
            }
            assertThat(delivery.get("status").asString()).isEqualTo("pending");
            Instant last = Instant.parse(delivery.get("lastAttemptAt").asString());
            Instant next = Instant.parse(delivery.get("nextAttemptAt").asString());
            assertThat(Duration.between(last, next)).as("wait after attempt %d", attempt)
                    .isBetween(delays[attempt - 1], delays[attempt - 1].plusSeconds(2));
            clock.advanceTo(next);
        }
        assertThat(receiver.received()).hasSize(10);
        assertThat(receiver.received().stream().map(WebhookReceiver.Received::id).distinct()).hasSize(1);
        assertThat(receiver.received()).allSatisfy(r -> assertThat(r.verified()).isTrue());
        JsonNode health = api.get("/api/v1/webhook-endpoints/" + endpoint, key).body().get("health");
        assertThat(health.get("failedDeliveries").asInt()).isEqualTo(1);
        assertThat(health.get("lastFailure").asString()).isEqualTo("HTTP 500");
    }

    @Test
    void goneDisablesTheEndpointAndParksThenRecoverAndReplayResendWithTheSameId() {
        String key = onboardMerchant("Gone Receiver Co");
        receiver.answer(() -> 410);
        String endpoint = register(key, List.of("affiliate.approved"));
        activeAffiliate(key, "Gone Partner");
        JsonNode disabled = eventually(() -> api.get("/api/v1/webhook-endpoints/" + endpoint, key),
                r -> !r.body().get("enabled").asBoolean()).body();
        assertThat(disabled.get("disabledReason").asString()).contains("410");
        Api.Response parked = eventually(() -> api.get("/api/v1/webhook-messages?status=parked&endpoint_id=" + endpoint, key),
                r -> r.body().get("data").size() == 1);
        String messageId = parked.body().get("data").get(0).get("id").asString();
        assertThat(receiver.received()).hasSize(1);

        // disabled: nothing new is queued for it, recover and a named replay are refused until it is enabled
        assertThat(api.post("/api/v1/webhook-endpoints/" + endpoint + "/recover", key,
                Api.json(Map.of("since", "2020-01-01T00:00:00Z"))).status()).isEqualTo(409);
        receiver.answer(() -> 200);
        assertThat(api.patch("/api/v1/webhook-endpoints/" + endpoint, key, Api.json(Map.of("enabled", true))).status()).isEqualTo(200);
        Api.Response recovered = api.post("/api/v1/webhook-endpoints/" + endpoint + "/recover", key,
                Api.json(Map.of("since", "2020-01-01T00:00:00Z")));
        assertThat(recovered.body().get("recovered").asInt()).isEqualTo(1);
        eventually(() -> api.get("/api/v1/webhook-messages/" + messageId, key),
                r -> r.body().get("deliveries").get(0).get("status").asString().equals("delivered"));

        Api.Response replayed = api.post("/api/v1/webhook-messages/" + messageId + "/replay", key, "{}");
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body().get("endpointIds").get(0).asString()).isEqualTo(endpoint);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);
        assertThat(receiver.received().stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet()))
                .containsExactly(messageId);
        JsonNode log = eventually(() -> api.get("/api/v1/webhook-messages/" + messageId, key),
                r -> r.body().get("deliveries").get(0).get("attemptLog").size() == 3).body()
                .get("deliveries").get(0).get("attemptLog");
        assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(410);
        assertThat(log.get(1).get("statusCode").asInt()).isEqualTo(200);
        assertThat(log.get(1).get("response").asString()).isEqualTo("{\"ok\": true}");

        // every attempt is an event of the history too, caused by the delivery saga, without the response or signature;
        // so are the recovery and the replay, with the API key that asked for them
        JsonNode history = eventually(() -> api.get("/api/v1/history?resource_type=webhook_message&resource_id="
                                + messageId + ":" + endpoint, key),
                r -> r.status() == 200 && r.body().get("data").size() == 5).body().get("data");
        assertThat(history.get(0).get("type").asString()).isEqualTo("webhook_message.attempt_failed");
        assertThat(history.get(0).get("data").get("statusCode").asInt()).isEqualTo(410);
        assertThat(history.get(0).get("data").get("endpointGone").asBoolean()).isTrue();
        assertThat(history.get(1).get("type").asString()).isEqualTo("webhook_message.recovered");
        assertThat(Instant.parse(history.get(1).get("data").get("since").asString()))
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(history.get(1).get("actor").asString()).startsWith("api_key:");
        assertThat(history.get(2).get("type").asString()).isEqualTo("webhook_message.attempt_succeeded");
        assertThat(history.get(3).get("type").asString()).isEqualTo("webhook_message.replay_scheduled");
        assertThat(history.get(3).get("actor").asString()).startsWith("api_key:");
        assertThat(history.get(4).get("type").asString()).isEqualTo("webhook_message.attempt_succeeded");
        assertThat(history.get(4).get("data").get("replay").asBoolean()).isTrue();
        assertThat(history.get(4).get("data").get("attempt").asInt()).isEqualTo(3);
        assertThat(history.get(4).get("actor").asString()).isEqualTo("saga:webhook-delivery");
        assertThat(history.get(4).get("data").has("response")).isFalse();

        // the endpoint's history: registered, disabled by the 410 answer, enabled again, then recovered since a time, by whom
        JsonNode endpointHistory = eventually(() -> api.get("/api/v1/history?resource_type=webhook_endpoint&resource_id="
                        + endpoint, key), r -> r.status() == 200 && r.body().get("data").size() == 4).body().get("data");
        assertThat(endpointHistory.get(0).get("type").asString()).isEqualTo("webhook_endpoint.registered");
        assertThat(endpointHistory.get(1).get("type").asString()).isEqualTo("webhook_endpoint.disabled");
        assertThat(endpointHistory.get(1).get("data").get("reason").asString()).isEqualTo("the endpoint answered 410 Gone");
        assertThat(endpointHistory.get(1).get("actor").asString()).isEqualTo("saga:webhook-delivery");
        assertThat(endpointHistory.get(2).get("type").asString()).isEqualTo("webhook_endpoint.enabled");
        assertThat(endpointHistory.get(3).get("type").asString()).isEqualTo("webhook_endpoint.recovered");
        assertThat(endpointHistory.get(3).get("data").get("deliveries").asInt()).isEqualTo(1);
        assertThat(endpointHistory.get(3).get("actor").asString()).startsWith("api_key:");
    }

    @Test
    void theEndpointsHistoryShowsWhoRegisteredChangedRotatedAndDeletedItAndNeverASecret() {
        String key = onboardMerchant("Settings History Co");
        Api.Response created = api.post("/api/v1/webhook-endpoints", key,
                Api.json(Map.of("url", receiver.url("/hooks"), "event_types", List.of("payout.paid"), "description", "first")));
        assertThat(created.status()).isEqualTo(201);
        String endpoint = created.text("id");
        String secret = created.text("secret");
        Api.Response changed = api.patch("/api/v1/webhook-endpoints/" + endpoint, key,
                Api.json(Map.of("description", "second", "event_types", List.of("payout.paid", "payout.failed"))));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.text("description")).isEqualTo("second");
        Api.Response rotated = api.post("/api/v1/webhook-endpoints/" + endpoint + "/rotate-secret", key, null);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.text("secret");
        assertThat(api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + "/api/v1/webhook-endpoints/" + endpoint)).DELETE(), key).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/webhook-endpoints/" + endpoint, key).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/webhook-endpoints/" + endpoint, key, Api.json(Map.of("description", "third"))).status())
                .isEqualTo(404);

        Api.Response history = eventually(() -> api.get("/api/v1/history?resource_type=webhook_endpoint&resource_id="
                + endpoint, key), r -> r.status() == 200 && r.body().get("data").size() == 4);
        JsonNode items = history.body().get("data");
        assertThat(items).extracting(item -> item.get("type").asString()).containsExactly("webhook_endpoint.registered",
                "webhook_endpoint.changed", "webhook_endpoint.secret_rotated", "webhook_endpoint.deleted");
        assertThat(items).allSatisfy(item -> assertThat(item.get("actor").asString()).startsWith("api_key:"));
        assertThat(items.get(0).get("data").get("url").asString()).isEqualTo(receiver.url("/hooks"));
        assertThat(items.get(0).get("data").get("eventTypes")).hasSize(1);
        assertThat(items.get(1).get("data").get("description").asString()).isEqualTo("second");
        JsonNode unchangedUrl = items.get(1).get("data").path("url");
        assertThat(unchangedUrl.isNull() || unchangedUrl.isMissingNode()).as("the URL did not change").isTrue();
        assertThat(Instant.parse(items.get(2).get("data").get("previousSecretsExpireAt").asString()))
                .isEqualTo(Instant.parse(rotated.text("previousSecretExpiresAt")));
        assertThat(history.raw().body()).doesNotContain(secret).doesNotContain(newSecret)
                .doesNotContain(secret.substring("whsec_".length())).doesNotContain(newSecret.substring("whsec_".length()));
    }

    @Test
    void refusesPrivateTargetsUnknownTypesAndOtherMerchantsEndpoints() {
        String key = onboardMerchant("Picky Co");
        assertThat(api.post("/api/v1/webhook-endpoints", key,
                Api.json(Map.of("url", "https://example.com/h", "event_types", List.of("payout.exploded")))).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/webhook-endpoints", key, Api.json(Map.of("url", "ftp://example.com/h"))).status()).isEqualTo(400);
        String endpoint = register(key, List.of());
        String other = onboardMerchant("Nosy Co");
        assertThat(api.get("/api/v1/webhook-endpoints/" + endpoint, other).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/webhook-endpoints", other).body().get("data").size()).isZero();
    }

    private Set<String> types() {
        return receiver.received().stream().map(r -> r.body().replaceAll(".*\"type\":\"([^\"]+)\".*", "$1"))
                .collect(Collectors.toSet());
    }
}
