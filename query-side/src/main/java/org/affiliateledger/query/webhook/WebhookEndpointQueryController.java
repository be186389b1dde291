package org.affiliateledger.query.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.webhook.RecoverSince;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * The reads of the merchant's webhook endpoints: list them with their health, read one, count what a recover would
 * re-send. Reads through {@link WebhookQueries} (as the dashboard does); the writes of the same path are the command side's.
 */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
@Tag(name = "Webhooks", description = "Standard Webhooks v1 endpoints, their messages, every delivery attempt, replay and recovery")
public class WebhookEndpointQueryController {
    private final WebhookQueries queries;

    public WebhookEndpointQueryController(WebhookQueries queries) {
        this.queries = queries;
    }

    @Schema(name = "WebhookEndpointHealth", description = "Attempts in the last 24 hours and the deliveries waiting")
    public record Health(int attempts24h, @Schema(description = "Share of 2xx answers in the last 24 h, 0..1; null without attempts")
                         @Nullable Double successRate24h, @Schema(format = "date-time") @Nullable String lastFailureAt,
                         @Nullable String lastFailure, int pendingDeliveries, int failedDeliveries, int parkedDeliveries) {
    }

    @Schema(name = "WebhookEndpoint")
    public record EndpointView(String id, String url, @Nullable String description, List<String> eventTypes, boolean enabled,
                               @Schema(description = "Why it is disabled, e.g. a 410 answer") @Nullable String disabledReason,
                               @Schema(format = "date-time") @Nullable String disabledAt,
                               @Schema(format = "date-time") String createdAt, @Schema(format = "date-time") String updatedAt,
                               Health health) {
    }

    @Schema(name = "RecoverableWebhookDeliveries", description = "What a recover since `since` would send again, before doing it")
    public record Recoverable(String endpointId, @Schema(format = "date-time") String since,
                              @Schema(description = "Deliveries of messages created since then that failed or were parked: "
                                      + "the number `recover` with the same `since` schedules again (unless some change meanwhile)")
                              int recoverable) {
    }

    @GetMapping
    @Operation(operationId = "listWebhookEndpoints", summary = "List the merchant's webhook endpoints with their health")
    public ListPage<EndpointView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                       @RequestParam(required = false) Integer page,
                                       @RequestParam(required = false) Integer limit,
                                       @RequestParam(required = false) String cursor) {
        return queries.endpoints(caller.merchantId(), Paging.of(page, limit, cursor));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getWebhookEndpoint", summary = "Get a webhook endpoint and its health")
    public EndpointView get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return queries.endpoint(caller.merchantId(), id);
    }

    @GetMapping("/{id}/recoverable")
    @Operation(operationId = "previewWebhookRecover", summary = "Count what a recover would re-send",
            description = "The number of this endpoint's deliveries of messages created since `since` that failed or were "
                    + "parked: what `POST …/recover` with the same `since` schedules again. Nothing changes; the dashboard "
                    + "shows this count before the recover is confirmed.")
    public Recoverable recoverable(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                                   @Parameter(description = "ISO-8601 instant, as for recover", required = true,
                                           schema = @Schema(format = "date-time")) @RequestParam String since) {
        Instant from = RecoverSince.parse(since);
        return new Recoverable(id, Timestamps.format(from), queries.recoverable(caller.merchantId(), id, from));
    }
}
