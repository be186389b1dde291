package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/** Small helpers the conventions share. */
public final class ApiDocs {
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String PROBLEM_SCHEMA = "ProblemDetail";

    private ApiDocs() {
    }

    /** An operation with where it lives. */
    public record Op(String path, PathItem.HttpMethod method, Operation operation) {
        public ApiResponses responses() {
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            return operation.getResponses();
        }

        /** Adds the response unless the controller declared one for that status itself. */
        public void addResponseIfAbsent(String status, ApiResponse response) {
            responses().putIfAbsent(status, response);
        }

        public void appendDescription(String text) {
            String current = operation.getDescription();
            operation.setDescription(current == null || current.isBlank() ? text : current + "\n\n" + text);
        }
    }

    public static Stream<Op> operations(OpenAPI api) {
        if (api.getPaths() == null) {
            return Stream.empty();
        }
        return api.getPaths().entrySet().stream().flatMap(path -> path.getValue().readOperationsMap().entrySet().stream()
                .map(op -> new Op(path.getKey(), op.getKey(), op.getValue())));
    }

    /** The schemas directly inside this one: properties, items, allOf/anyOf/oneOf. */
    public static Stream<Schema<?>> subschemas(Schema<?> schema) {
        Stream<Schema<?>> properties = schema.getProperties() == null ? Stream.empty()
                : schema.getProperties().values().stream().map(property -> (Schema<?>) property);
        return Stream.of(properties, Stream.<Schema<?>>ofNullable(schema.getItems()),
                        all(schema.getAllOf()), all(schema.getAnyOf()), all(schema.getOneOf()))
                .flatMap(stream -> stream)
                .filter(Objects::nonNull);
    }

    private static Stream<Schema<?>> all(Collection<? extends Schema> schemas) {
        return schemas == null ? Stream.empty() : schemas.stream().map(schema -> (Schema<?>) schema);
    }

    /** A schema of one JSON type, spelled for both OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}) serializers. */
    public static Schema<Object> typed(String type) {
        Schema<Object> schema = new Schema<>();
        schema.setType(type);
        schema.setTypes(new LinkedHashSet<>(Set.of(type)));
        return schema;
    }

    /** An RFC 9457 error response; ProblemDocs defines the schema. */
    public static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    public static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)));
    }
}
