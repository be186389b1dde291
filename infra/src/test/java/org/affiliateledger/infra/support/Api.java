package org.affiliateledger.infra.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Real HTTP against the running ledger, the way a client would call it. */
public final class Api {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, HttpResponse<String> raw, JsonNode body) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public String text(String field) {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }
    }

    public Response get(String path, String key) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), key);
    }

    /**
     * A read that sees the write {@code after} (and everything before it): it sends back the write's
     * {@code X-Ledger-Position}, so the ledger answers once its read models have processed that write.
     */
    public Response get(String path, String key, Response after) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        String position = after == null ? null : after.header("X-Ledger-Position");
        if (position != null) {
            request.header("X-Ledger-Position", position);
        }
        return send(request, key);
    }

    public Response post(String path, String key, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)), key);
    }

    public Response patch(String path, String key, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)), key);
    }

    public Response send(HttpRequest.Builder request, String key) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            // application/json and +json (problems); not application/x-ndjson, which is lines of JSON
            boolean isJson = response.headers().firstValue("Content-Type")
                    .map(type -> type.contains("application/json") || type.contains("+json")).orElse(true);
            JsonNode json = body == null || body.isBlank() || !isJson ? JSON.createObjectNode() : JSON.readTree(body);
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Map<String, ?> fields) {
        return JSON.writeValueAsString(fields);
    }
}
