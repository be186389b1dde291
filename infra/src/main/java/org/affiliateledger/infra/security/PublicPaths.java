package org.affiliateledger.infra.security;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The only paths under {@code /api/v1} that need no API key: the OpenAPI document and its Swagger UI page, so that
 * anyone can read the contract (and generate a client) before having a key. Must match the springdoc properties.
 */
final class PublicPaths {
    private static final Set<String> EXACT = Set.of(
            "/api/v1/openapi", "/api/v1/openapi.yaml", "/api/v1/openapi/swagger-config", "/api/v1/docs");
    /** Swagger UI's static files; plain file names only, so no {@code ..} or encoded trick reaches anything else. */
    private static final Pattern SWAGGER_UI_ASSET = Pattern.compile("/api/v1/swagger-ui/[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)+");

    private PublicPaths() {
    }

    static boolean matches(String requestUri) {
        return EXACT.contains(requestUri) || SWAGGER_UI_ASSET.matcher(requestUri).matches();
    }
}
