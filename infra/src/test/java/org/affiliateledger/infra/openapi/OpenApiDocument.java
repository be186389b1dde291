package org.affiliateledger.infra.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi31;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * The served OpenAPI 3.1 document, for tests: finds the operation a concrete request hits and validates JSON against
 * any schema in it. Schemas are addressed by JSON pointer into the whole document, so their {@code $ref}s to
 * {@code #/components/...} resolve as they do for any client; 3.1 schemas are JSON Schema 2020-12 with the OpenAPI
 * dialect, and formats (date-time, uri-reference, email...) are asserted, not just annotated.
 */
final class OpenApiDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCATION = "https://affiliate-ledger.test/api/v1/openapi";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final JsonNode root;
    private final JsonSchemaFactory schemas;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> byPointer = new ConcurrentHashMap<>();

    /** A JSON node of the document and the pointer it lives at (after following {@code $ref}s). */
    record Located(JsonNode node, String pointer) {
        Located at(String... names) {
            JsonNode current = node;
            StringBuilder path = new StringBuilder(pointer);
            for (String name : names) {
                current = current.path(name);
                path.append('/').append(name.replace("~", "~0").replace("/", "~1"));
            }
            return new Located(current, path.toString());
        }

        boolean exists() {
            return !node.isMissingNode() && !node.isNull();
        }
    }

    /** One documented operation: {@code key} is {@code "GET /api/v1/affiliates/{id}"}. */
    record Operation(String key, String method, String pathTemplate, Located located) {
    }

    OpenApiDocument(String json) {
        try {
            this.root = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("the OpenAPI document is not JSON", e);
        }
        // the document's own fields (openapi, info, paths...) are no schema keywords: annotations, not warnings
        JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi31.getInstance())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                .build();
        this.schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(LOCATION, json))));
    }

    JsonNode root() {
        return root;
    }

    Located at(String... names) {
        return new Located(root, "").at(names);
    }

    /** Follows a local {@code $ref} (responses, headers and parameters may be references too). */
    Located resolve(Located located) {
        Located current = located;
        for (int hops = 0; current.node().has("$ref"); hops++) {
            String ref = current.node().get("$ref").asText();
            if (!ref.startsWith("#/") || hops > 10) {
                throw new IllegalStateException("cannot follow $ref " + ref);
            }
            String pointer = ref.substring(1);
            current = new Located(root.at(pointer), pointer);
        }
        return current;
    }

    Set<Operation> operations() {
        Set<Operation> all = new LinkedHashSet<>();
        root.path("paths").fieldNames().forEachRemaining(path -> METHODS.forEach(method -> {
            Located operation = at("paths", path, method);
            if (operation.exists()) {
                all.add(new Operation(method.toUpperCase() + " " + path, method.toUpperCase(), path, operation));
            }
        }));
        return all;
    }

    /** The operation a request for this concrete path hits; literal segments win over templates, as in Spring. */
    Optional<Operation> operation(String method, String path) {
        return operations().stream()
                .filter(op -> op.method().equals(method) && template(op.pathTemplate()).matcher(path).matches())
                .max(Comparator.comparingInt(op -> op.pathTemplate().replaceAll("\\{[^}]+}", "").length()));
    }

    /** The JSON Schema at this pointer of the document. */
    JsonSchema schema(String pointer) {
        return byPointer.computeIfAbsent(pointer, p -> schemas.getSchema(SchemaLocation.of(LOCATION + "#" + p), config));
    }

    static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static Pattern template(String pathTemplate) {
        StringBuilder regex = new StringBuilder();
        for (String part : pathTemplate.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
