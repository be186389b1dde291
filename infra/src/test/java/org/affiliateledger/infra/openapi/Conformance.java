package org.affiliateledger.infra.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.ValidationMessage;
import org.affiliateledger.infra.openapi.OpenApiDocument.Located;
import org.affiliateledger.infra.openapi.OpenApiDocument.Operation;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks one real HTTP exchange against the document: the operation and status code are documented, the content type
 * is one documented for that status, the body validates against its schema, documented headers are present when
 * required and well-formed when sent; and for a successful call, the query parameters and JSON body sent were the
 * documented ones. Remembers which operations it has seen.
 */
final class Conformance {
    private final OpenApiDocument document;
    private final Set<String> exercised = ConcurrentHashMap.newKeySet();

    Conformance(OpenApiDocument document) {
        this.document = document;
    }

    Set<String> exercised() {
        return exercised;
    }

    /** @param requestBody the JSON sent, or null */
    List<String> violations(String method, URI uri, String requestBody, HttpResponse<String> response) {
        Optional<Operation> found = document.operation(method, uri.getPath());
        if (found.isEmpty()) {
            return List.of(method + " " + uri.getPath() + " is not a documented operation");
        }
        Operation operation = found.get();
        exercised.add(operation.key());
        List<String> violations = new ArrayList<>();
        String status = Integer.toString(response.statusCode());
        Located documented = documentedResponse(operation, status);
        if (!documented.exists()) {
            return List.of(operation.key() + " does not document status " + status);
        }
        checkBody(operation, status, documented, response, violations);
        checkHeaders(operation, status, documented, response, violations);
        if (response.statusCode() / 100 == 2) {
            checkRequest(operation, uri, requestBody, violations);
        }
        return violations;
    }

    private Located documentedResponse(Operation operation, String status) {
        Located responses = operation.located().at("responses");
        for (String key : List.of(status, status.charAt(0) + "XX", "default")) {
            if (responses.at(key).exists()) {
                return document.resolve(responses.at(key));
            }
        }
        return responses.at(status);
    }

    private void checkBody(Operation operation, String status, Located documented, HttpResponse<String> response,
                           List<String> violations) {
        String where = operation.key() + " " + status;
        Located content = documented.at("content");
        String body = response.body() == null ? "" : response.body();
        if (!content.exists() || content.node().isEmpty()) {
            if (!body.isBlank()) {
                violations.add(where + " documents no body but answered " + body);
            }
            return;
        }
        String contentType = response.headers().firstValue("Content-Type").map(Conformance::mediaType).orElse(null);
        if (contentType == null || !content.node().has(contentType)) {
            violations.add(where + " answered Content-Type " + contentType + "; documented: " + fieldNames(content.node()));
            return;
        }
        Located schema = content.at(contentType, "schema");
        boolean json = contentType.equals("application/json") || contentType.endsWith("+json");
        if (schema.exists() && json) { // other media types (the JavaScript snippet) are checked by type only
            for (ValidationMessage message : document.schema(schema.pointer()).validate(body, InputFormat.JSON)) {
                violations.add(where + " body " + message + " in " + body);
            }
        }
    }

    private void checkHeaders(Operation operation, String status, Located documented, HttpResponse<String> response,
                              List<String> violations) {
        Located headers = documented.at("headers");
        if (!headers.exists()) {
            return;
        }
        headers.node().fieldNames().forEachRemaining(name -> {
            Located header = document.resolve(headers.at(name));
            Optional<String> value = response.headers().firstValue(name);
            if (value.isEmpty()) {
                if (header.node().path("required").asBoolean(false)) {
                    violations.add(operation.key() + " " + status + " lacks the required header " + name);
                }
                return;
            }
            if (header.at("schema").exists()) {
                JsonNode parsed = headerValue(value.get());
                for (ValidationMessage message : document.schema(header.at("schema").pointer()).validate(parsed)) {
                    violations.add(operation.key() + " " + status + " header " + name + ": " + value.get() + ": " + message);
                }
            }
        });
    }

    private void checkRequest(Operation operation, URI uri, String requestBody, List<String> violations) {
        List<String> documentedQuery = new ArrayList<>();
        OpenApiDocument.elements(operation.located().at("parameters").node()).forEach(parameter -> {
            JsonNode resolved = parameter.has("$ref") ? document.root().at(parameter.get("$ref").asText().substring(1)) : parameter;
            if ("query".equals(resolved.path("in").asText())) {
                documentedQuery.add(resolved.path("name").asText());
            }
        });
        for (String name : queryNames(uri)) {
            if (!documentedQuery.contains(name)) {
                violations.add(operation.key() + " accepted the undocumented query parameter " + name
                        + "; documented: " + documentedQuery);
            }
        }
        if (requestBody == null || requestBody.isBlank()) {
            return;
        }
        Located schema = operation.located().at("requestBody", "content", "application/json", "schema");
        if (!schema.exists()) {
            violations.add(operation.key() + " accepted a JSON body it does not document");
            return;
        }
        for (ValidationMessage message : document.schema(schema.pointer()).validate(requestBody, InputFormat.JSON)) {
            violations.add(operation.key() + " accepted a body the document calls invalid: " + message + " in " + requestBody);
        }
    }

    private static List<String> queryNames(URI uri) {
        if (uri.getRawQuery() == null) {
            return List.of();
        }
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8))
                .toList();
    }

    /** Header values are text; numbers are compared as numbers, as the schema means them. */
    private static JsonNode headerValue(String value) {
        return value.matches("-?\\d{1,18}") ? JsonNodeFactory.instance.numberNode(Long.parseLong(value))
                : JsonNodeFactory.instance.textNode(value);
    }

    private static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
