package org.affiliateledger.infra.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Stripe events for tests: the real-shaped payloads in {@code src/test/resources/stripe} (copied from the shared
 * fixtures), with ids and metadata set per test, signed at test time exactly as Stripe signs
 * ({@code t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">}), independently of stripe-java.
 */
public final class StripeEvents {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StripeEvents() {
    }

    /** A fixture envelope with a fresh event id and {@code created} now; {@code object} edits data.object. */
    public static String event(String fixture, Consumer<ObjectNode> object) {
        ObjectNode event = (ObjectNode) load(fixture);
        event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        event.put("created", Instant.now().getEpochSecond());
        object.accept((ObjectNode) event.get("data").get("object"));
        return JSON.writeValueAsString(event);
    }

    /** An event envelope around a bare resource object (e.g. a customer), in the shape Stripe sends. */
    public static String envelope(String type, ObjectNode object) {
        ObjectNode event = JSON.createObjectNode();
        event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        event.put("object", "event");
        event.put("api_version", "2025-03-31.basil");
        event.put("created", Instant.now().getEpochSecond());
        event.putObject("data").set("object", object);
        event.put("livemode", false);
        event.put("type", type);
        return JSON.writeValueAsString(event);
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static JsonNode load(String fixture) {
        try (InputStream in = StripeEvents.class.getResourceAsStream("/stripe/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no Stripe fixture " + fixture);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String idOf(String event) {
        return JSON.readTree(event).get("id").asString();
    }

    public static String signature(String body, String secret, long unixSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a signed event to the merchant's Stripe endpoint. */
    public static Api.Response deliver(Api api, int port, String merchantId, String secret, String body) {
        return post(api, port, merchantId, body, signature(body, secret, Instant.now().getEpochSecond()));
    }

    public static Api.Response post(Api api, int port, String merchantId, String body, String signatureHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stripe/webhooks/" + merchantId))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signatureHeader != null) {
            request.header("Stripe-Signature", signatureHeader);
        }
        return api.send(request, null);
    }
}
