package org.affiliateledger.command.stripe;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Optional;

/**
 * Read access to one object of a Stripe event (charge, payment intent, invoice, …) as JSON, tolerant of the API
 * version the merchant's endpoint is pinned to: a field may be absent, null, an id, or the expanded object.
 */
record StripeObject(JsonNode node) {

    /** The string at a dotted path; for an expanded object, its {@code id}. */
    String text(String path) {
        JsonNode n = at(path);
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            JsonNode id = n.get("id");
            return id == null || id.isNull() ? null : id.asString();
        }
        String value = n.asString();
        return value == null || value.isBlank() ? null : value;
    }

    long amount(String path) {
        JsonNode n = at(path);
        return n == null || !n.isIntegralNumber() ? 0 : n.asLong();
    }

    boolean flag(String path) {
        JsonNode n = at(path);
        return n != null && n.isBoolean() && n.asBoolean();
    }

    /** The Unix time (seconds) at a dotted path, such as an object's {@code created}. */
    Optional<Instant> time(String path) {
        JsonNode n = at(path);
        return n == null || !n.isIntegralNumber() || n.asLong() <= 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(n.asLong()));
    }

    String metadata(String key) {
        return text("metadata." + key);
    }

    /** The first element of the list at {@code path} ({@code {"data": [...]}} or a plain array). */
    Optional<StripeObject> first(String path) {
        JsonNode n = at(path);
        if (n != null && n.isObject()) {
            n = n.get("data");
        }
        if (n == null || !n.isArray() || n.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StripeObject(n.get(0)));
    }

    Optional<StripeObject> object(String path) {
        JsonNode n = at(path);
        return n == null || !n.isObject() ? Optional.empty() : Optional.of(new StripeObject(n));
    }

    private JsonNode at(String path) {
        JsonNode n = node;
        for (String part : path.split("\\.")) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(part);
        }
        return n;
    }
}
