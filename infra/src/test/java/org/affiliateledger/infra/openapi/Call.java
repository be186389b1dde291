package org.affiliateledger.infra.openapi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the contract scenario: a request, the status it must get, and values to keep for later rows.
 * {@code {{name}}} in the path, body or token is replaced by a kept value. GETs are retried until they get the
 * expected status (and {@code readyPointer} holds), because reads follow writes by a few milliseconds.
 */
record Call(String name, String method, String path, String body, String token, int expected,
            Map<String, String> saves, String readyPointer, String readyValue) implements Step {
    static final String KEY = "{{key}}";

    static Call get(String name, String path) {
        return new Call(name, "GET", path, null, KEY, 200, Map.of(), null, null);
    }

    static Call post(String name, String path, String body) {
        return new Call(name, "POST", path, body, KEY, 200, Map.of(), null, null);
    }

    static Call patch(String name, String path, String body) {
        return new Call(name, "PATCH", path, body, KEY, 200, Map.of(), null, null);
    }

    static Call delete(String name, String path) {
        return new Call(name, "DELETE", path, null, KEY, 204, Map.of(), null, null);
    }

    Call as(String bearer) {
        return new Call(name, method, path, body, bearer, expected, saves, readyPointer, readyValue);
    }

    Call expect(int status) {
        return new Call(name, method, path, body, token, status, saves, readyPointer, readyValue);
    }

    /** Keeps the response value at this JSON pointer as {@code {{variable}}}. */
    Call save(String variable, String pointer) {
        Map<String, String> more = new LinkedHashMap<>(saves);
        more.put(variable, pointer);
        return new Call(name, method, path, body, token, expected, more, readyPointer, readyValue);
    }

    /** Retries until the response has a non-null value at this JSON pointer. */
    Call until(String pointer) {
        return until(pointer, null);
    }

    /** Retries until the response has this value at this JSON pointer. */
    Call until(String pointer, String value) {
        return new Call(name, method, path, body, token, expected, saves, pointer, value);
    }

    @Override
    public String toString() {
        return name + " (" + method + " " + path + " → " + expected + ")";
    }
}
