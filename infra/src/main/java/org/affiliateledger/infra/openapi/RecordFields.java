package org.affiliateledger.infra.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What springdoc cannot infer from a Java record: Jackson writes every component, null or not, unless it is marked
 * {@code @JsonInclude(NON_NULL)}; and JSpecify {@code @Nullable} components may be null, which OpenAPI 3.1 spells
 * {@code "type": ["string", "null"]}. Nullability is set here; which components are always written is left as the
 * {@value #ALWAYS_WRITTEN} extension for {@link ResponseRequiredFields}, which alone knows whether a schema describes a
 * response (always-written fields are required there) or a request (where the client may omit them).
 */
@Component
class RecordFields implements ModelConverter {
    static final String ALWAYS_WRITTEN = "x-always-written";

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        Class<?> raw = type.getType() == null ? null : Json.mapper().constructType(type.getType()).getRawClass();
        if (resolved == null || raw == null || !raw.isRecord()) {
            return resolved;
        }
        Schema<?> model = resolved.get$ref() == null ? resolved
                : context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1));
        if (model != null && model.getProperties() != null) {
            describe(raw, model);
        }
        return resolved;
    }

    private static void describe(Class<?> record, Schema<?> model) {
        List<String> alwaysWritten = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = wireName(component);
            Schema<?> property = model.getProperties().get(name);
            if (property == null || omittedWhenNull(component)) {
                continue;
            }
            alwaysWritten.add(name);
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                allowNull(property);
            }
        }
        model.addExtension(ALWAYS_WRITTEN, alwaysWritten);
    }

    private static String wireName(RecordComponent component) {
        // @JsonProperty cannot target record components; Java copies it onto the accessor
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static boolean omittedWhenNull(RecordComponent component) {
        JsonInclude include = component.getAccessor().getAnnotation(JsonInclude.class);
        if (include == null) {
            include = component.getDeclaringRecord().getAnnotation(JsonInclude.class);
        }
        return include != null && include.value() != JsonInclude.Include.ALWAYS
                && include.value() != JsonInclude.Include.USE_DEFAULTS;
    }

    @SuppressWarnings("unchecked")
    private static void allowNull(Schema<?> property) {
        if (property.getTypes() != null && !property.getTypes().isEmpty()) {
            property.addType("null");
        } else if (property.getType() != null) {
            property.addType(property.getType());
            property.addType("null");
        } else if (property.get$ref() != null) {
            // a nullable object (e.g. an affiliate's taxForm): {"anyOf": [{"$ref": …}, {"type": "null"}]}
            property.addAnyOfItem(new Schema<>().$ref(property.get$ref()));
            property.addAnyOfItem(new Schema<>().types(new java.util.LinkedHashSet<>(List.of("null"))));
            property.set$ref(null);
        }
        if (property.getEnum() != null && !property.getEnum().contains(null)) {
            // the enum may be an immutable list (allowableValues): replace it rather than add to it
            List<Object> values = new ArrayList<>(property.getEnum());
            values.add(null);
            ((Schema<Object>) property).setEnum(values);
        }
    }
}
