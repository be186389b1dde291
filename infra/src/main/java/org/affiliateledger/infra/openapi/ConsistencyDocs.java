package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.affiliateledger.infra.consistency.LedgerPositionHeader;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.LinkedHashMap;

/**
 * Read-your-writes (see LedgerPositionHeader): every successful write may answer {@code X-Ledger-Position}, and every
 * read accepts it back and then waits (at most 2 s) until the read models have processed that write.
 */
@Component
@Order(ApiConvention.RATE_LIMITS - 10)
class ConsistencyDocs implements ApiConvention {
    private static final String NAME = LedgerPositionHeader.HEADER;

    @Override
    public void apply(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents().addHeaders(NAME, new Header().required(false)
                .description("The event-store position of what this write recorded (present when it recorded something). "
                        + "Send it back on a read to see this write: the read waits, at most 2 s, until the read models "
                        + "have processed it")
                .schema(ApiDocs.typed("integer").format("int64").minimum(BigDecimal.ONE)));
        ApiDocs.operations(api).forEach(op -> {
            boolean read = op.method() == io.swagger.v3.oas.models.PathItem.HttpMethod.GET;
            boolean api1 = op.path().startsWith("/api/v1/") || op.path().startsWith("/admin/v1/");
            if (!api1 || op.path().startsWith("/api/v1/openapi") || op.path().startsWith("/api/v1/docs")) {
                return;
            }
            if (read) {
                op.operation().addParametersItem(new Parameter().in("header").name(NAME).required(false)
                        .description("A write's `X-Ledger-Position`: answer once the read models have processed that write "
                                + "(waits at most 2 s, then answers what there is)")
                        .schema(ApiDocs.typed("integer").format("int64").minimum(BigDecimal.ONE)));
                return;
            }
            op.responses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    if (response.getHeaders() == null) {
                        response.setHeaders(new LinkedHashMap<>());
                    }
                    response.getHeaders().putIfAbsent(NAME, new Header().$ref("#/components/headers/" + NAME));
                }
            });
        });
    }
}
