package org.affiliateledger.infra.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.webhook.PublicEventTypes;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.TenantReads;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The webhook messages of the merchant, each delivery with every attempt, and replay. */
@RestController
@RequestMapping("/api/v1/webhook-messages")
@Tag(name = "Webhooks")
public class WebhookMessageController {
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed", "parked");
    private final JdbcClient jdbc;
    private final TenantReads reads;
    private final TransactionTemplate tx;
    private final Clock clock;

    public WebhookMessageController(JdbcClient jdbc, TenantReads reads, PlatformTransactionManager transactions, Clock webhookClock) {
        this.jdbc = jdbc;
        this.reads = reads;
        this.tx = new TransactionTemplate(transactions);
        this.clock = webhookClock;
    }

    @Schema(name = "WebhookAttempt")
    public record Attempt(int attempt, @Schema(format = "date-time") String attemptedAt,
                          @Schema(description = "HTTP status; null when no answer came") @Nullable Integer statusCode,
                          long durationMs, @Schema(description = "The first 16 KiB of the response body") @Nullable String response,
                          @Schema(description = "Why no answer came: connection refused, timeout, SSRF refusal…") @Nullable String error) {
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

    @Schema(name = "ReplayWebhookMessageRequest")
    public record ReplayRequest(@JsonProperty("endpoint_id") @Schema(description = "One endpoint; absent = every endpoint it was for")
                                @Nullable String endpointId) {
    }

    @Schema(name = "ReplayedWebhookMessage")
    public record Replayed(String id, @Schema(description = "Endpoints it is sent to again") List<String> endpointIds) {
    }

    @GetMapping
    @Operation(operationId = "listWebhookMessages", summary = "List webhook messages, newest first",
            description = "Filter by `type`, by a delivery `status` and by `endpoint_id`.")
    public ListPage<Message> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                  @RequestParam(required = false) String type,
                                  @RequestParam(required = false) String status,
                                  @RequestParam(name = "endpoint_id", required = false) String endpointId,
                                  @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer limit,
                                  @RequestParam(required = false) String cursor) {
        Paging paging = Paging.of(page, limit, cursor);
        if (type != null && !PublicEventTypes.ALL.contains(type)) {
            throw new InvalidRequestException("unknown type \"" + type + "\"; known types: " + String.join(", ", PublicEventTypes.ALL));
        }
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidRequestException("status must be one of pending, delivered, failed, parked");
        }
        List<Message> rows = reads.as(caller.merchantId(), read -> {
            StringBuilder sql = new StringBuilder("SELECT * FROM webhook_messages m WHERE m.merchant_id = ?");
            List<Object> args = new ArrayList<>(List.of(caller.merchantId()));
            if (type != null) {
                sql.append(" AND m.type = ?");
                args.add(type);
            }
            if (status != null || endpointId != null) {
                sql.append(" AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.message_id = m.id");
                if (status != null) {
                    sql.append(" AND d.status = ?");
                    args.add(status);
                }
                if (endpointId != null) {
                    sql.append(" AND d.endpoint_id = ?");
                    args.add(endpointId);
                }
                sql.append(")");
            }
            if (paging.afterId() != null) {
                sql.append(" AND m.id < ?");
                args.add(paging.afterId());
            }
            sql.append(" ORDER BY m.id DESC LIMIT ? OFFSET ?");
            args.add(paging.limit() + 1);
            args.add(paging.offset());
            List<Message> messages = read.sql(sql.toString()).params(args)
                    .query((rs, n) -> new Message(rs.getString("id"), rs.getString("type"),
                            Timestamps.format(SqlTime.instant(rs, "created_at")), body(rs.getString("payload")), List.of()))
                    .list();
            return messages.stream().map(m -> withDeliveries(read, m, false)).toList();
        });
        return paging.toPage(rows, Message::id, row -> row);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getWebhookMessage", summary = "Get a webhook message with every delivery attempt")
    public Message get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return reads.as(caller.merchantId(), read -> withDeliveries(read, find(read, caller, id), true));
    }

    @PostMapping("/{id}/replay")
    @Operation(operationId = "replayWebhookMessage", summary = "Send a message again",
            description = "To one endpoint (`endpoint_id`) or to every enabled endpoint it was for, at once and then on the "
                    + "schedule (which starts again), with the same `webhook-id`. Every replay is one more attempt: two "
                    + "replays in a row are two attempts, even while one is under way. Disabled endpoints are skipped (409 when named).")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Scheduled again")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", description = "The named endpoint is disabled")
    public Replayed replay(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                           @Valid @RequestBody(required = false) @Nullable ReplayRequest request) {
        reads.as(caller.merchantId(), read -> find(read, caller, id));
        String endpointId = request == null ? null : request.endpointId();
        Timestamp due = Timestamp.from(clock.instant());
        Timestamp now = Timestamp.from(Instant.now());
        List<String> endpoints = tx.execute(status -> {
            if (endpointId != null) {
                Boolean enabled = jdbc.sql("SELECT enabled FROM webhook_endpoints WHERE id = ? AND merchant_id = ? AND deleted_at IS NULL")
                        .params(endpointId, caller.merchantId()).query(Boolean.class).optional()
                        .orElseThrow(() -> new NotFoundException("webhook endpoint", endpointId));
                if (!enabled) {
                    throw new StateConflictException("webhook endpoint " + endpointId + " is disabled; enable it (PATCH enabled=true) first").withCode("webhook_endpoint_disabled");
                }
                jdbc.sql("""
                                INSERT INTO webhook_deliveries (message_id, endpoint_id, merchant_id, status, next_attempt_at,
                                                                replays_due, created_at, updated_at)
                                VALUES (?, ?, ?, 'pending', ?, 1, ?, ?)
                                ON CONFLICT (message_id, endpoint_id) DO UPDATE SET status = 'pending',
                                    replays_due = webhook_deliveries.replays_due + 1,
                                    next_attempt_at = LEAST(COALESCE(webhook_deliveries.next_attempt_at, EXCLUDED.next_attempt_at),
                                                            EXCLUDED.next_attempt_at),
                                    updated_at = EXCLUDED.updated_at""")
                        .params(id, endpointId, caller.merchantId(), due, now, now)
                        .update();
                return List.of(endpointId);
            }
            return jdbc.sql("""
                            UPDATE webhook_deliveries d SET status = 'pending', replays_due = d.replays_due + 1,
                                   next_attempt_at = LEAST(COALESCE(d.next_attempt_at, ?), ?), updated_at = ?
                            FROM webhook_endpoints e
                            WHERE d.message_id = ? AND d.endpoint_id = e.id AND e.enabled AND e.deleted_at IS NULL
                            RETURNING d.endpoint_id""")
                    .params(due, due, now, id).query(String.class).list();
        });
        return new Replayed(id, endpoints);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(String payload) {
        return JSON.readValue(payload, Map.class);
    }

    private static Message find(JdbcClient read, ApiCaller caller, String id) {
        if (!Ids.MESSAGE.matches(id)) {
            throw new NotFoundException("webhook message", id);
        }
        return read.sql("SELECT * FROM webhook_messages WHERE id = ? AND merchant_id = ?")
                .params(id, caller.merchantId())
                .query((rs, n) -> new Message(rs.getString("id"), rs.getString("type"),
                        Timestamps.format(SqlTime.instant(rs, "created_at")), body(rs.getString("payload")), List.of()))
                .optional().orElseThrow(() -> new NotFoundException("webhook message", id));
    }

    private static Message withDeliveries(JdbcClient read, Message message, boolean attempts) {
        List<Delivery> deliveries = read.sql("SELECT * FROM webhook_deliveries WHERE message_id = ? ORDER BY endpoint_id")
                .param(message.id())
                .query((rs, n) -> new Delivery(rs.getString("endpoint_id"), rs.getString("status"), rs.getInt("attempts"),
                        Timestamps.format(SqlTime.instant(rs, "next_attempt_at")),
                        Timestamps.format(SqlTime.instant(rs, "last_attempt_at")), (Integer) rs.getObject("last_status_code"),
                        null))
                .list();
        if (attempts) {
            deliveries = deliveries.stream().map(d -> new Delivery(d.endpointId(), d.status(), d.attempts(), d.nextAttemptAt(),
                    d.lastAttemptAt(), d.lastStatusCode(), read.sql("""
                                    SELECT * FROM webhook_attempts WHERE message_id = ? AND endpoint_id = ? ORDER BY id""")
                            .params(message.id(), d.endpointId())
                            .query((rs, n) -> new Attempt(rs.getInt("attempt"), Timestamps.format(SqlTime.instant(rs, "attempted_at")),
                                    (Integer) rs.getObject("status_code"), rs.getLong("duration_ms"), rs.getString("response"),
                                    rs.getString("error")))
                            .list())).toList();
        }
        return new Message(message.id(), message.type(), message.createdAt(), message.payload(), deliveries);
    }
}
