package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import java.util.List;

/** The one springdoc customizer: runs every {@link ApiConvention} in order (Spring sorts an injected list). */
@Component
class ApiConventions implements OpenApiCustomizer {
    private final List<ApiConvention> conventions;

    ApiConventions(List<ApiConvention> conventions) {
        this.conventions = conventions;
    }

    @Override
    public void customise(OpenAPI api) {
        conventions.forEach(convention -> convention.apply(api));
    }
}
