package org.affiliateledger.command.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.affiliateledger.events.common.ApiCaller;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code POST /api/v1/webhook-messages/{id}/replay}: one more attempt of a message (the reads of messages are the query side's). */
@RestController
@Tag(name = "Webhooks")
public class WebhookReplayController {
    private final WebhookCommands commands;

    public WebhookReplayController(WebhookCommands commands) {
        this.commands = commands;
    }

    @Schema(name = "ReplayWebhookMessageRequest")
    public record ReplayRequest(@JsonProperty("endpoint_id") @Schema(description = "One endpoint; absent = every endpoint it was for")
                                @Nullable String endpointId) {
    }

    @Schema(name = "ReplayedWebhookMessage")
    public record Replayed(String id, @Schema(description = "Endpoints it is sent to again") List<String> endpointIds) {
    }

    @PostMapping("/api/v1/webhook-messages/{id}/replay")
    @Operation(operationId = "replayWebhookMessage", summary = "Send a message again",
            description = "To one endpoint (`endpoint_id`) or to every enabled endpoint it was for, at once and then on the "
                    + "schedule (which starts again), with the same `webhook-id`. Every replay is one more attempt: two "
                    + "replays in a row are two attempts, even while one is under way. Disabled endpoints are skipped (409 when named).")
    @ApiResponse(responseCode = "200", description = "Scheduled again")
    @ApiResponse(responseCode = "409", description = "The named endpoint is disabled")
    public Replayed replay(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                           @Valid @RequestBody(required = false) @Nullable ReplayRequest request) {
        return commands.replay(caller, id, request == null ? null : request.endpointId());
    }
}
