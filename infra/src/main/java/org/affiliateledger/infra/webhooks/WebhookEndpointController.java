package org.affiliateledger.infra.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The merchant's webhook endpoints: register (secret shown once), list, change, delete, rotate the secret, preview and
 * recover, send a test event. Reads through {@link WebhookQueries}, acts through {@link WebhookCommands} (as the dashboard does).
 */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
@Tag(name = "Webhooks", description = "Standard Webhooks v1 endpoints, their messages, every delivery attempt, replay and recovery")
public class WebhookEndpointController {
    private final WebhookQueries queries;
    private final WebhookCommands commands;

    public WebhookEndpointController(WebhookQueries queries, WebhookCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Schema(name = "CreateWebhookEndpointRequest")
    public record CreateRequest(@Schema(example = "https://example.com/webhooks/ledger") @NotBlank @Size(max = 2048) String url,
                                @JsonProperty("event_types") @Schema(description = "Types to receive; empty or absent means all",
                                        example = "[\"commission.created\"]") @Nullable @Size(max = 50) List<String> eventTypes,
                                @Size(max = 500) @Nullable String description,
                                @Schema(description = "Default true") @Nullable Boolean enabled) {
    }

    @Schema(name = "ChangeWebhookEndpointRequest", description = "Only the fields given change")
    public record ChangeRequest(@Size(max = 2048) @Nullable String url,
                                @JsonProperty("event_types") @Size(max = 50) @Nullable List<String> eventTypes,
                                @Size(max = 500) @Nullable String description,
                                @Schema(description = "false disables the endpoint (its pending deliveries are parked); true enables it again")
                                @Nullable Boolean enabled) {
    }

    @Schema(name = "RecoverWebhookEndpointRequest")
    public record RecoverRequest(@Schema(description = "Re-send every message to this endpoint that failed or was parked since then",
            format = "date-time", example = "2026-01-31T00:00:00Z") @NotBlank String since) {
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

    @Schema(name = "CreatedWebhookEndpoint", description = "The endpoint and its signing secret, shown only here")
    public record Created(String id, String url, @Nullable String description, List<String> eventTypes, boolean enabled,
                          @Schema(description = "`whsec_` + base64; verify signatures with it") String secret,
                          @Schema(format = "date-time") String createdAt) {
    }

    @Schema(name = "RotatedWebhookSecret")
    public record Rotated(String id, @Schema(description = "The new secret, shown only here") String secret,
                          @Schema(format = "date-time", description = "Until then the previous secret signs too")
                          String previousSecretExpiresAt) {
    }

    @Schema(name = "RecoveredWebhookDeliveries")
    public record Recovered(@Schema(description = "Deliveries scheduled again") int recovered) {
    }

    @Schema(name = "RecoverableWebhookDeliveries", description = "What a recover since `since` would send again, before doing it")
    public record Recoverable(String endpointId, @Schema(format = "date-time") String since,
                              @Schema(description = "Deliveries of messages created since then that failed or were parked: "
                                      + "the number `recover` with the same `since` schedules again (unless some change meanwhile)")
                              int recoverable) {
    }

    @Schema(name = "SentWebhookTestEvent")
    public record TestSent(@Schema(description = "The test message's id: it is in the message log with its attempts") String id,
                           String endpointId, @Schema(example = "webhook.test") String type) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createWebhookEndpoint", summary = "Register a webhook endpoint",
            description = "The signing secret is in this response only. URLs that resolve to loopback, private, link-local, "
                    + "CGNAT or unique-local addresses are refused.")
    @ApiResponse(responseCode = "201", description = "Registered",
            headers = @Header(name = "Location", description = "The endpoint's URL", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    public ResponseEntity<Created> create(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                          @Valid @RequestBody CreateRequest request) {
        Created created = commands.create(caller, request);
        return ResponseEntity.created(URI.create("/api/v1/webhook-endpoints/" + created.id())).body(created);
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

    @PatchMapping("/{id}")
    @Operation(operationId = "changeWebhookEndpoint", summary = "Change, disable or enable a webhook endpoint",
            description = "Disabling parks the endpoint's pending deliveries; enabling does not resume them (use recover or replay).")
    public EndpointView change(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                               @Valid @RequestBody ChangeRequest request) {
        return commands.change(caller, id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint",
            description = "It receives nothing more; its attempt log stays readable through the messages.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    public void delete(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        commands.delete(caller, id);
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(operationId = "rotateWebhookSecret", summary = "Issue a new signing secret",
            description = "The previous secret keeps signing for 24 hours: during that time every message carries both signatures.")
    public Rotated rotate(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return commands.rotate(caller, id);
    }

    @GetMapping("/{id}/recoverable")
    @Operation(operationId = "previewWebhookRecover", summary = "Count what a recover would re-send",
            description = "The number of this endpoint's deliveries of messages created since `since` that failed or were "
                    + "parked: what `POST …/recover` with the same `since` schedules again. Nothing changes; the dashboard "
                    + "shows this count before the recover is confirmed.")
    public Recoverable recoverable(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                                   @Parameter(description = "ISO-8601 instant, as for recover", required = true,
                                           schema = @Schema(format = "date-time")) @RequestParam String since) {
        Instant from = since(since);
        return new Recoverable(id, Timestamps.format(from), queries.recoverable(caller.merchantId(), id, from));
    }

    @PostMapping("/{id}/recover")
    @Operation(operationId = "recoverWebhookEndpoint", summary = "Re-send what failed or was parked since a time",
            description = "Every delivery to this endpoint of a message created since `since` whose status is failed or parked "
                    + "starts the schedule again, with the same `webhook-id`. The endpoint must be enabled. "
                    + "`GET …/recoverable?since=` counts them first.")
    @ApiResponse(responseCode = "200", description = "How many deliveries were scheduled again")
    @ApiResponse(responseCode = "409", description = "The endpoint is disabled")
    public Recovered recover(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                             @Valid @RequestBody RecoverRequest request) {
        queries.endpoint(caller.merchantId(), id);
        return commands.recover(caller, id, since(request.since()));
    }

    @PostMapping("/{id}/test")
    @Operation(operationId = "sendWebhookTestEvent", summary = "Send a test event to the endpoint",
            description = "A `webhook.test` message (`data`: `endpointId`, `test: true`) to this endpoint only, whatever its "
                    + "`event_types`: signed, delivered on the schedule, logged and replayable like any message. The "
                    + "endpoint must be enabled.")
    @ApiResponse(responseCode = "200", description = "The test message, scheduled for delivery at once")
    @ApiResponse(responseCode = "409", description = "The endpoint is disabled")
    public TestSent test(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return commands.test(caller, id);
    }

    EndpointView find(ApiCaller caller, String id) {
        return queries.endpoint(caller.merchantId(), id);
    }

    /** ISO-8601 instant of recover and its preview, with the API's message for anything else. */
    public static Instant since(String since) {
        if (since == null || since.isBlank()) {
            throw new InvalidRequestException("since must be an ISO-8601 UTC time such as 2026-01-31T00:00:00Z");
        }
        try {
            return Instant.parse(since.strip());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(since.strip()).toInstant();
            } catch (DateTimeParseException again) {
                throw new InvalidRequestException("since must be an ISO-8601 UTC time such as 2026-01-31T00:00:00Z");
            }
        }
    }
}
