package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.OpenAPI;

/**
 * One API-wide rule applied to the generated OpenAPI document (security, problem responses, rate-limit headers...),
 * so controllers only annotate what is specific to them and new endpoints are documented the same way for free.
 * Beans of this type run in {@link org.springframework.core.annotation.Order} order, because springdoc's own
 * customizers are an unordered set and some rules decorate what earlier ones add.
 */
public interface ApiConvention {
    int SECURITY = 100;
    int PROBLEMS = 200;
    int PAGING = 300;
    int SCHEMAS = 400;
    /** Last: decorates every response the others added. */
    int RATE_LIMITS = 900;

    void apply(OpenAPI api);
}
