package org.affiliateledger.command.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.webhook.FindWebhookEndpoint;
import org.affiliateledger.events.webhook.RecoverSince;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * The writes on the merchant's webhook endpoints: register (secret shown once), change, delete, rotate the secret,
 * recover, send a test event. Translates HTTP to {@link WebhookCommands} (as the dashboard does); the reads of the same
 * path are the query side's. A change answers the endpoint as it is now, which the query side knows: it is asked through
 * the query bus ({@link FindWebhookEndpoint}).
 */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
@Tag(name = "Webhooks", description = "Standard Webhooks v1 endpoints, their messages, every delivery attempt, replay and recovery")
public class WebhookEndpointCommandController {
    private final WebhookCommands commands;
    private final QueryGateway queries;

    public WebhookEndpointCommandController(WebhookCommands commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
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

    @PatchMapping("/{id}")
    @Operation(operationId = "changeWebhookEndpoint", summary = "Change, disable or enable a webhook endpoint",
            description = "Disabling parks the endpoint's pending deliveries; enabling does not resume them (use recover or replay).")
    @ApiResponse(responseCode = "200", description = "The endpoint as it is now, with its health",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/WebhookEndpoint")))
    public Object change(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                         @Valid @RequestBody ChangeRequest request) {
        commands.change(caller, id, request);
        return queries.query(new FindWebhookEndpoint(caller.merchantId(), id), ResponseTypes.instanceOf(Object.class)).join();
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

    @PostMapping("/{id}/recover")
    @Operation(operationId = "recoverWebhookEndpoint", summary = "Re-send what failed or was parked since a time",
            description = "Every delivery to this endpoint of a message created since `since` whose status is failed or parked "
                    + "starts the schedule again, with the same `webhook-id`. The endpoint must be enabled. "
                    + "`GET …/recoverable?since=` counts them first.")
    @ApiResponse(responseCode = "200", description = "How many deliveries were scheduled again")
    @ApiResponse(responseCode = "409", description = "The endpoint is disabled")
    public Recovered recover(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                             @Valid @RequestBody RecoverRequest request) {
        return commands.recover(caller, id, RecoverSince.parse(request.since()));
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
}
