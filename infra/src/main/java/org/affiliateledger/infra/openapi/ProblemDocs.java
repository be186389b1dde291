package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.affiliateledger.infra.web.ProblemCatalog;
import org.affiliateledger.infra.web.ProblemCodes;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Every error is RFC 9457 {@code application/problem+json} (see ProblemAdvice): this gives every error response of
 * every operation that content, adds the 400 any input can cause and the 404 any id in the path can cause, and keeps the
 * specific descriptions controllers declare (a 409's meaning, say).
 */
@Component
@Order(ApiConvention.PROBLEMS)
class ProblemDocs implements ApiConvention {

    @Override
    public void apply(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents().addSchemas(ApiDocs.PROBLEM_SCHEMA, problemDetail());
        ApiDocs.operations(api).forEach(op -> {
            List<Parameter> parameters = op.operation().getParameters() == null ? List.of() : op.operation().getParameters();
            if (op.operation().getRequestBody() != null || parameters.stream().anyMatch(p -> !"path".equals(p.getIn()))) {
                op.addResponseIfAbsent("400", ApiDocs.problem("Missing or invalid fields or parameters, or an unknown field "
                        + "(`unknown_field`, naming it and the known field it resembles)"));
            }
            if (op.operation().getRequestBody() != null && op.operation().getRequestBody().getContent() != null
                    && op.operation().getRequestBody().getContent().containsKey("application/json")) {
                op.addResponseIfAbsent("415", ApiDocs.problem("The body is not JSON: send `Content-Type: application/json`"));
            }
            if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) {
                op.addResponseIfAbsent("404", ApiDocs.problem("Not found (another merchant's ids are not found either)"));
            }
            op.responses().forEach(this::asProblem);
        });
    }

    private void asProblem(String status, ApiResponse response) {
        if (!status.startsWith("4") && !status.startsWith("5")) {
            return;
        }
        // springdoc fills an annotated error response with the method's return type; errors are problems, always
        response.setContent(ApiDocs.problemContent());
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            HttpStatus known = status.matches("\\d{3}") ? HttpStatus.resolve(Integer.parseInt(status)) : null;
            response.setDescription(known == null ? "Error" : known.getReasonPhrase());
        }
    }

    private static Schema<?> problemDetail() {
        return ApiDocs.typed("object").description("RFC 9457 problem details; `detail` says what to fix.")
                .addProperty("type", ApiDocs.typed("string").format("uri-reference")
                        .description("Problem type; absent means `about:blank`: the status says it all"))
                .addProperty("title", ApiDocs.typed("string").description("The status's reason phrase"))
                .addProperty("status", ApiDocs.typed("integer").description("The HTTP status code"))
                .addProperty("detail", ApiDocs.typed("string").description("What went wrong, for a person to act on"))
                .addProperty("instance", ApiDocs.typed("string").format("uri-reference").description("The request path"))
                .addProperty(ProblemCodes.PROPERTY, code())
                .required(List.of("title", "status", "detail", ProblemCodes.PROPERTY));
    }

    /** The stable machine-readable codes, each with its status and meaning (the README lists the same). */
    private static Schema<?> code() {
        StringBuilder description = new StringBuilder("Stable machine-readable code of the refusal: branch on it, not on "
                + "`detail`. New codes may be added, existing ones are never renamed.\n\n| code | status | meaning |\n|---|---|---|\n");
        for (ProblemCatalog.Entry entry : ProblemCatalog.ALL) {
            description.append("| `").append(entry.code()).append("` | ").append(entry.status()).append(" | ")
                    .append(entry.meaning().replace("|", "\\|")).append(" |\n");
        }
        Schema<Object> schema = ApiDocs.typed("string").description(description.toString());
        ProblemCatalog.codes().forEach(schema::addEnumItemObject);
        return schema;
    }
}
