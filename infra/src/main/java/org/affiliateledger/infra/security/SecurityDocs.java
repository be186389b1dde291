package org.affiliateledger.infra.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.affiliateledger.infra.openapi.ApiConvention;
import org.affiliateledger.infra.openapi.ApiDocs;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Documents what {@link ApiKeyFilter} and {@link AdminTokenFilter} enforce, from the same rules: every {@code /api/v1}
 * operation needs an API key with the scope {@link Scopes} demands (listed as the requirement's role, which OpenAPI 3.1
 * allows for non-OAuth schemes, and spelled out in the description); every {@code /admin} operation the operator token.
 */
@Component
@Order(ApiConvention.SECURITY)
public class SecurityDocs implements ApiConvention {
    public static final String API_KEY = "apiKey";
    public static final String ADMIN_TOKEN = "adminToken";

    @Override
    public void apply(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents()
                .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("alk_…").description("""
                                The merchant's API key: `Authorization: Bearer alk_…`. A key sees only its merchant's \
                                data. Scopes: `read` for GET, `write` for other methods, `admin` (also `*`) for \
                                everything, including program settings. Each operation names the scope it needs."""))
                .addSecuritySchemes(ADMIN_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The operator token (`LEDGER_ADMIN_TOKEN`) for `/admin/v1`."));
        ApiDocs.operations(api).forEach(op -> {
            if (op.path().startsWith("/api/v1/")) {
                String scope = Scopes.needed(op.method().name(), op.path());
                op.operation().addSecurityItem(new SecurityRequirement().addList(API_KEY, scope));
                op.appendDescription("Needs the `%s` scope.".formatted(scope));
                op.addResponseIfAbsent("401", ApiDocs.problem("Missing, invalid or revoked API key"));
                op.addResponseIfAbsent("403", ApiDocs.problem("The API key lacks the `%s` scope".formatted(scope)));
            } else if (op.path().startsWith("/admin/")) {
                op.operation().addSecurityItem(new SecurityRequirement().addList(ADMIN_TOKEN));
                op.addResponseIfAbsent("401", ApiDocs.problem("Missing or wrong operator token"));
            }
        });
    }
}
