package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.affiliateledger.query.support.Paging;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;

/** Every list takes the same {@code page}/{@code limit}/{@code cursor} parameters (see Paging): documented once, here. */
@Component
@Order(ApiConvention.PAGING)
class PagingDocs implements ApiConvention {

    @Override
    public void apply(OpenAPI api) {
        ApiDocs.operations(api).filter(op -> op.operation().getParameters() != null).forEach(op -> {
            for (Parameter parameter : op.operation().getParameters()) {
                if (!"query".equals(parameter.getIn())) {
                    continue;
                }
                // fresh schemas: springdoc shares one instance between parameters of the same type
                switch (parameter.getName()) {
                    case "page" -> parameter.description("Page number, 1-based (affilut style); not with `cursor`")
                            .schema(integer(1, Paging.MAX_PAGE, 1));
                    case "limit" -> parameter.description("Rows per page; a larger value is capped at " + Paging.MAX_LIMIT
                                    + " (the response's `limit` says how many were allowed)")
                            .schema(integer(1, null, Paging.DEFAULT_LIMIT));
                    case "cursor" -> parameter.description("The `next_cursor` of the previous response: keyset paging that "
                            + "never skips or repeats rows as new ones arrive; not with `page`");
                    default -> {
                    }
                }
            }
        });
    }

    private static Schema<Object> integer(int minimum, Integer maximum, int byDefault) {
        Schema<Object> schema = ApiDocs.typed("integer").format("int32")
                .minimum(BigDecimal.valueOf(minimum)).maximum(maximum == null ? null : BigDecimal.valueOf(maximum));
        schema.setDefault(byDefault);
        return schema;
    }
}
