package org.affiliateledger.infra.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.tags.Tag;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The document's front matter. It is served at {@code /api/v1/openapi} with Swagger UI at {@code /api/v1/docs}
 * (application.properties); the API-wide rules are {@link ApiConvention}s, the rest comes from the controllers.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {
    private static final String DESCRIPTION = """
            An event-sourced affiliate commission ledger. It serves the affilut v1 API: an affilut client works by \
            changing only its base URL.

            **Authentication.** `Authorization: Bearer <key>` on every `/api/v1` call; each operation names the scope \
            it needs (`read`, `write` or `admin`). Operator endpoints under `/admin/v1` take the operator token.

            **Conventions.** Request bodies and query parameters are snake_case; resources use camelCase fields. Ids \
            are prefixed lowercase ULIDs (`aff_…`, `cnv_…`, `com_…`). Money is integer minor units with an ISO-4217 \
            currency; rates are percent strings (`"12.5"`). Timestamps are UTC with milliseconds.

            **Lists** answer `{"data": [...], "page": 1, "limit": 50, "next_cursor": "…"}`, newest first. Page with \
            `page`/`limit`, or pass `next_cursor` back as `cursor` for keyset paging that never skips or repeats \
            rows (`page` is then absent).

            **Errors** are RFC 9457 `application/problem+json` whose `detail` says what to fix and whose `code` is \
            stable and machine-readable (the `Problem` schema lists every code). Unknown fields in a body are refused \
            (`unknown_field`), bodies must be JSON (`Content-Type: application/json`), and an unknown route is a 404 \
            `route_not_found`.

            **Rate limits** are per key: responses carry `X-RateLimit-Limit`, `X-RateLimit-Remaining` and \
            `X-RateLimit-Reset`; over the limit the answer is 429 with `Retry-After`.

            **Consistency.** A write is acknowledged once its events are committed; lists and single reads follow \
            within milliseconds, so a read right after a write may briefly miss it.""";

    @Bean
    OpenAPI ledgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Affiliate Ledger API").version("v1").description(DESCRIPTION))
                .tags(List.of(
                        new Tag().name("Affiliates").description("Partners who earn commissions, and their lifecycle"),
                        new Tag().name("Conversions").description("Sales attributed to an affiliate"),
                        new Tag().name("Commissions").description("What each conversion earns, through approve and pay"),
                        new Tag().name("Events").description("Conversions that are not orders (leads, trials, signups) and their rewards"),
                        new Tag().name("Links").description("Affiliate links: the public redirect that records clicks, and click counts"),
                        new Tag().name("Program").description("The merchant's program settings"),
                        new Tag().name("Payouts").description("Paying affiliates their approved commissions, net of clawbacks: "
                                + "created → sent → paid | failed, batches and their CSV export"),
                        new Tag().name("API keys").description("Scoped keys of the merchant, their rate limits and audit log"),
                        new Tag().name("Webhooks").description("Standard Webhooks v1: endpoints (writes need `admin`), "
                                + "messages, every delivery attempt, replay and recovery"),
                        new Tag().name("Stripe").description("Called by Stripe, not by API clients: the merchant's webhook endpoint"),
                        new Tag().name("Checkout snippet").description("The public script that carries the referral to checkout"),
                        new Tag().name("Operator").description("Running the ledger: merchants and their first key")));
    }
}
