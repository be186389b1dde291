package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * In a response, a field Jackson always writes is required (null or not), so generated clients need not treat every
 * field as optional; request schemas keep springdoc's rule (required = {@code @NotNull}/{@code @NotBlank}). Uses the
 * {@link RecordFields#ALWAYS_WRITTEN} marks and removes them from the published document.
 */
@Component
@Order(ApiConvention.SCHEMAS)
class ResponseRequiredFields implements ApiConvention {
    private static final String COMPONENT_REF = "#/components/schemas/";

    @Override
    public void apply(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Set<String> inResponses = reachable(schemas, ApiDocs.operations(api)
                .flatMap(op -> op.responses().values().stream().map(response -> response.getContent())));
        Set<String> inRequests = reachable(schemas, ApiDocs.operations(api)
                .filter(op -> op.operation().getRequestBody() != null)
                .map(op -> op.operation().getRequestBody().getContent()));
        schemas.forEach((name, schema) -> {
            Object marked = schema.getExtensions() == null ? null : schema.getExtensions().remove(RecordFields.ALWAYS_WRITTEN);
            if (marked instanceof List<?> alwaysWritten && inResponses.contains(name) && !inRequests.contains(name)) {
                Set<String> required = new LinkedHashSet<>(schema.getRequired() == null ? List.of() : schema.getRequired());
                alwaysWritten.forEach(field -> required.add((String) field));
                schema.setRequired(List.copyOf(required));
            }
            if (schema.getExtensions() != null && schema.getExtensions().isEmpty()) {
                schema.setExtensions(null);
            }
        });
    }

    /** Names of the component schemas the given contents refer to, directly or through other schemas. */
    private static Set<String> reachable(Map<String, Schema> schemas, Stream<Content> contents) {
        Deque<Schema<?>> pending = new ArrayDeque<>();
        contents.filter(Objects::nonNull).flatMap(content -> content.values().stream())
                .map(media -> media.getSchema()).filter(Objects::nonNull).forEach(pending::add);
        Set<String> found = new HashSet<>();
        while (!pending.isEmpty()) {
            Schema<?> schema = pending.pop();
            String ref = schema.get$ref();
            if (ref != null && ref.startsWith(COMPONENT_REF) && found.add(ref.substring(COMPONENT_REF.length()))) {
                Schema<?> target = schemas.get(ref.substring(COMPONENT_REF.length()));
                if (target != null) {
                    pending.add(target);
                }
            }
            ApiDocs.subschemas(schema).forEach(pending::add);
        }
        return found;
    }
}
