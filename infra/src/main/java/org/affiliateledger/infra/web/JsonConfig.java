package org.affiliateledger.infra.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read strictly: {@code "amount_cents": 49.5} or {@code "4900"} is a 400, not a silently
 * truncated or converted integer, and a field the endpoint does not know (a typo such as {@code tier_rates}) is a 400
 * naming it, in every body and every nested object, rather than a 200 that changed nothing ({@link BodyProblems}).
 * Free-form objects (an event's {@code payload}) are maps and take any field.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfig {

    @Bean
    public JsonMapperBuilderCustomizer strictNumbers() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
