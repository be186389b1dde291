package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Collections;

/**
 * springdoc copies {@code @Pattern(regexp)} verbatim, but Bean Validation matches the whole value while a JSON Schema
 * {@code pattern} matches anywhere in it: {@code [a-z0-9]{3}} would accept {@code "ABC-abc1"}. Anchors such patterns.
 */
@Component
@Order(ApiConvention.SCHEMAS)
class AnchoredPatterns implements ApiConvention {

    @Override
    public void apply(OpenAPI api) {
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().values().forEach(schema -> anchor(schema, seen));
        }
        ApiDocs.operations(api).filter(op -> op.operation().getParameters() != null)
                .forEach(op -> op.operation().getParameters().forEach(parameter -> anchor(parameter.getSchema(), seen)));
    }

    private static void anchor(Schema<?> schema, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        String pattern = schema.getPattern();
        if (pattern != null && !pattern.startsWith("^") && !pattern.endsWith("$")) {
            schema.setPattern("^(?:" + pattern + ")$");
        }
        ApiDocs.subschemas(schema).forEach(child -> anchor(child, seen));
    }
}
