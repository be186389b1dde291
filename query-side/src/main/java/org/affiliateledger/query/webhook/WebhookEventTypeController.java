package org.affiliateledger.query.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The webhook event catalog: which types exist, what sends each and what its {@code data} holds. */
@RestController
@Tag(name = "Webhooks")
public class WebhookEventTypeController {

    @Schema(name = "WebhookEventTypes")
    public record EventTypes(List<WebhookEventCatalog.EventType> data) {
    }

    @GetMapping("/api/v1/webhook-event-types")
    @Operation(operationId = "listWebhookEventTypes", summary = "The webhook event catalog",
            description = "Every message `type`: the public ones an endpoint's `event_types` may name, and `webhook.test` "
                    + "(sent only by `POST /api/v1/webhook-endpoints/{id}/test`). Names may be added, never renamed.")
    public EventTypes list() {
        return new EventTypes(WebhookEventCatalog.all());
    }
}
