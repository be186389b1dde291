package org.affiliateledger.infra.history;

import org.affiliateledger.infra.support.Api;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reading the history in tests: every page of a listing, and items by type. */
final class History {
    private History() {
    }

    /** Every item of {@code path} (a history listing), following next_cursor. */
    static List<JsonNode> all(Api api, String path, String key) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            String page = path + (path.contains("?") ? "&" : "?") + "limit=100" + (cursor == null ? "" : "&cursor=" + cursor);
            Api.Response response = api.get(page, key);
            if (response.status() != 200) {
                throw new AssertionError("GET " + page + " answered " + response.status() + ": " + response.body());
            }
            response.body().get("data").forEach(items::add);
            JsonNode next = response.body().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return items;
    }

    static List<JsonNode> ofType(List<JsonNode> items, String type) {
        return items.stream().filter(item -> type.equals(item.get("type").asString())).toList();
    }

    static JsonNode one(List<JsonNode> items, String type) {
        List<JsonNode> found = ofType(items, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + " in " + items.stream().map(i -> i.get("type").asString()).toList());
        }
        return found.get(0);
    }

    static Predicate<Api.Response> hasTypes(String... types) {
        return response -> {
            if (response.status() != 200) {
                return false;
            }
            List<String> seen = new ArrayList<>();
            response.body().get("data").forEach(item -> seen.add(item.get("type").asString()));
            return seen.containsAll(List.of(types));
        };
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A request with our own X-Request-Id. */
    static Api.Response post(Api api, int port, String path, String key, String json, String requestId) {
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("X-Request-Id", requestId)
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)), key);
    }
}
