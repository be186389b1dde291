package org.affiliateledger.query.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InstantParam;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** The webhook messages of the merchant, each delivery with every attempt (replay is the command side's). */
@RestController
@RequestMapping("/api/v1/webhook-messages")
@Tag(name = "Webhooks")
public class WebhookMessageController {
    private final WebhookQueries queries;

    public WebhookMessageController(WebhookQueries queries) {
        this.queries = queries;
    }

    @Schema(name = "WebhookAttempt")
    public record Attempt(int attempt, @Schema(format = "date-time") String attemptedAt,
                          @Schema(description = "HTTP status; null when no answer came") @Nullable Integer statusCode,
                          long durationMs, @Schema(description = "The first 16 KiB of the response body") @Nullable String response,
                          @Schema(description = "Why no answer came: connection refused, timeout, SSRF refusal…") @Nullable String error,
                          @Schema(description = "The headers the attempt was sent with (webhook-id, webhook-timestamp, "
                                  + "webhook-signature, User-Agent, Content-Type); its body is the message's `payload`. Null for "
                                  + "attempts made before the ledger kept them")
                          @Nullable Map<String, String> requestHeaders) {
    }

    @Schema(name = "WebhookDelivery", description = "The message's delivery to one endpoint")
    public record Delivery(String endpointId, @Schema(allowableValues = {"pending", "delivered", "failed", "parked"}) String status,
                           @Schema(description = "Every attempt made, replays included: always the length of `attemptLog`")
                           int attempts, @Schema(format = "date-time") @Nullable String nextAttemptAt,
                           @Schema(format = "date-time") @Nullable String lastAttemptAt, @Nullable Integer lastStatusCode,
                           @Schema(description = "Present when the message is read by id") @Nullable List<Attempt> attemptLog) {
    }

    @Schema(name = "WebhookMessage")
    public record Message(String id, String type, @Schema(format = "date-time") String createdAt,
                          @Schema(description = "The body that is signed and sent, as a JSON object: {\"type\", \"timestamp\", "
                                  + "\"data\"} (the bytes sent are its compact serialization, in this field order)")
                          Map<String, Object> payload,
                          List<Delivery> deliveries) {
    }

    @GetMapping
    @Operation(operationId = "listWebhookMessages", summary = "List webhook messages, newest first",
            description = "Filter by `type`, by a delivery `status`, by `endpoint_id` and by creation time "
                    + "(`created_from`, `created_to`, both inclusive).")
    public ListPage<Message> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                  @RequestParam(required = false) String type,
                                  @RequestParam(required = false) String status,
                                  @RequestParam(name = "endpoint_id", required = false) String endpointId,
                                  @Parameter(description = "Only messages created at or after this instant (ISO-8601)",
                                          schema = @Schema(format = "date-time"))
                                  @RequestParam(name = "created_from", required = false) String createdFrom,
                                  @Parameter(description = "Only messages created at or before this instant (ISO-8601)",
                                          schema = @Schema(format = "date-time"))
                                  @RequestParam(name = "created_to", required = false) String createdTo,
                                  @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer limit,
                                  @RequestParam(required = false) String cursor) {
        Paging paging = Paging.of(page, limit, cursor);
        WebhookQueries.MessageFilter filter = new WebhookQueries.MessageFilter(type, status, endpointId,
                InstantParam.parse("created_from", createdFrom), InstantParam.parse("created_to", createdTo));
        return queries.messages(caller.merchantId(), filter, paging);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getWebhookMessage", summary = "Get a webhook message with every delivery attempt")
    public Message get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return queries.message(caller.merchantId(), id);
    }
}
