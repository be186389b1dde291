package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.affiliateledger.infra.security.SecurityDocs;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rate limits are per API key: every operation that takes a key may answer 429 with {@code Retry-After}, and every
 * response to a known key (all but 401) carries the {@code X-RateLimit-*} headers; the contract test holds every
 * such response to that.
 */
@Component
@Order(ApiConvention.RATE_LIMITS)
class RateLimitDocs implements ApiConvention {
    static final String RETRY_AFTER = "Retry-After";
    private static final Map<String, String> RATE_LIMIT_HEADERS = Map.of(
            "X-RateLimit-Limit", "Requests allowed per minute for this kind of request (reads or writes) and key",
            "X-RateLimit-Remaining", "Requests left in the current window",
            "X-RateLimit-Reset", "When the window resets, in Unix seconds");

    @Override
    public void apply(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        RATE_LIMIT_HEADERS.forEach((name, description) -> api.getComponents().addHeaders(name, header(description, true)));
        api.getComponents().addHeaders(RETRY_AFTER, header("Seconds to wait before retrying", true));
        ApiDocs.operations(api)
                .filter(op -> op.operation().getSecurity() != null && op.operation().getSecurity().stream()
                        .anyMatch(requirement -> requirement.containsKey(SecurityDocs.API_KEY)))
                .forEach(op -> {
                    op.addResponseIfAbsent("429", ApiDocs.problem("Rate limit exceeded; retry after `Retry-After` seconds")
                            .addHeaderObject(RETRY_AFTER, ref(RETRY_AFTER)));
                    op.responses().forEach((status, response) -> {
                        if (!"401".equals(status)) {
                            RATE_LIMIT_HEADERS.keySet().stream().sorted().forEach(name -> addHeader(response, name));
                        }
                    });
                });
    }

    private static void addHeader(ApiResponse response, String name) {
        if (response.getHeaders() == null) {
            response.setHeaders(new LinkedHashMap<>());
        }
        response.getHeaders().putIfAbsent(name, ref(name));
    }

    private static Header header(String description, boolean required) {
        return new Header().description(description).required(required).schema(ApiDocs.typed("integer").minimum(BigDecimal.ZERO));
    }

    private static Header ref(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }
}
