package org.affiliateledger.infra.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
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
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/** The merchant's webhook endpoints: register (secret shown once), list, change, delete, rotate the secret, recover. */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
@Tag(name = "Webhooks", description = "Standard Webhooks v1 endpoints, their messages, every delivery attempt, replay and recovery")
public class WebhookEndpointController {
    private static final RowMapper<EndpointView> ROW = (rs, n) -> new EndpointView(rs.getString("id"), rs.getString("url"),
            rs.getString("description"), strings(rs.getArray("event_types")), rs.getBoolean("enabled"),
            rs.getString("disabled_reason"), Timestamps.format(SqlTime.instant(rs, "disabled_at")),
            Timestamps.format(SqlTime.instant(rs, "created_at")), Timestamps.format(SqlTime.instant(rs, "updated_at")),
            new Health(rs.getInt("attempts_24h"), rs.getObject("success_rate_24h") == null ? null : rs.getDouble("success_rate_24h"),
                    Timestamps.format(SqlTime.instant(rs, "last_failure_at")), rs.getString("last_failure"),
                    rs.getInt("pending"), rs.getInt("failed"), rs.getInt("parked")));
    private static final String SELECT = """
            SELECT e.*,
              (SELECT count(*) FROM webhook_attempts a WHERE a.endpoint_id = e.id AND a.attempted_at > now() - interval '24 hours') AS attempts_24h,
              (SELECT avg(CASE WHEN a.status_code BETWEEN 200 AND 299 THEN 1.0 ELSE 0.0 END) FROM webhook_attempts a
                 WHERE a.endpoint_id = e.id AND a.attempted_at > now() - interval '24 hours') AS success_rate_24h,
              (SELECT max(a.attempted_at) FROM webhook_attempts a WHERE a.endpoint_id = e.id
                 AND (a.status_code IS NULL OR a.status_code NOT BETWEEN 200 AND 299)) AS last_failure_at,
              (SELECT COALESCE(a.error, 'HTTP ' || a.status_code) FROM webhook_attempts a WHERE a.endpoint_id = e.id
                 AND (a.status_code IS NULL OR a.status_code NOT BETWEEN 200 AND 299) ORDER BY a.id DESC LIMIT 1) AS last_failure,
              (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending') AS pending,
              (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'failed') AS failed,
              (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'parked') AS parked
            FROM webhook_endpoints e""";

    private final JdbcClient jdbc;
    private final TenantReads reads;
    private final TransactionTemplate tx;
    private final TargetGuard guard;
    private final WebhookSecrets secrets;
    private final Clock clock;

    public WebhookEndpointController(JdbcClient jdbc, TenantReads reads, PlatformTransactionManager transactions,
                                     TargetGuard guard, WebhookSecrets secrets, Clock webhookClock) {
        this.jdbc = jdbc;
        this.reads = reads;
        this.tx = new TransactionTemplate(transactions);
        this.guard = guard;
        this.secrets = secrets;
        this.clock = webhookClock;
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
        String url = guard.validate(request.url()).toString();
        List<String> types = types(request.eventTypes());
        String id = Ids.WEBHOOK_ENDPOINT.next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean enabled = request.enabled() == null || request.enabled();
        String secret = tx.execute(status -> {
            jdbc.sql("""
                            INSERT INTO webhook_endpoints (id, merchant_id, url, description, event_types, enabled, created_at, updated_at)
                            VALUES (?, ?, ?, ?, ?::text[], ?, ?, ?)""")
                    .params(id, caller.merchantId(), url, request.description(), arrayLiteral(types), enabled,
                            Timestamp.from(now), Timestamp.from(now))
                    .update();
            return secrets.issue(caller.merchantId(), id, clock.instant());
        });
        return ResponseEntity.created(URI.create("/api/v1/webhook-endpoints/" + id))
                .body(new Created(id, url, request.description(), types, enabled, secret, Timestamps.format(now)));
    }

    @GetMapping
    @Operation(operationId = "listWebhookEndpoints", summary = "List the merchant's webhook endpoints with their health")
    public ListPage<EndpointView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                       @RequestParam(required = false) Integer page,
                                       @RequestParam(required = false) Integer limit,
                                       @RequestParam(required = false) String cursor) {
        Paging paging = Paging.of(page, limit, cursor);
        var rows = reads.as(caller.merchantId(), read -> {
            StringBuilder sql = new StringBuilder(SELECT).append(" WHERE e.merchant_id = ? AND e.deleted_at IS NULL");
            List<Object> args = new java.util.ArrayList<>(List.of(caller.merchantId()));
            if (paging.afterId() != null) {
                sql.append(" AND e.id < ?");
                args.add(paging.afterId());
            }
            sql.append(" ORDER BY e.id DESC LIMIT ? OFFSET ?");
            args.add(paging.limit() + 1);
            args.add(paging.offset());
            return read.sql(sql.toString()).params(args).query(ROW).list();
        });
        return paging.toPage(rows, EndpointView::id, row -> row);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getWebhookEndpoint", summary = "Get a webhook endpoint and its health")
    public EndpointView get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return find(caller, id);
    }

    @PatchMapping("/{id}")
    @Operation(operationId = "changeWebhookEndpoint", summary = "Change, disable or enable a webhook endpoint",
            description = "Disabling parks the endpoint's pending deliveries; enabling does not resume them (use recover or replay).")
    public EndpointView change(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                               @Valid @RequestBody ChangeRequest request) {
        find(caller, id);
        String url = request.url() == null ? null : guard.validate(request.url()).toString();
        List<String> types = request.eventTypes() == null ? null : types(request.eventTypes());
        Timestamp now = Timestamp.from(Instant.now());
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                            UPDATE webhook_endpoints SET url = COALESCE(?, url), description = COALESCE(?, description),
                                   event_types = COALESCE(?::text[], event_types), updated_at = ? WHERE id = ?""")
                    .params(url, request.description(), types == null ? null : arrayLiteral(types), now, id)
                    .update();
            if (Boolean.FALSE.equals(request.enabled())) {
                jdbc.sql("""
                                UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'disabled through the API',
                                       disabled_at = ? WHERE id = ? AND enabled""")
                        .params(now, id).update();
                WebhookEndpoints.parkPending(jdbc, id);
            } else if (Boolean.TRUE.equals(request.enabled())) {
                jdbc.sql("UPDATE webhook_endpoints SET enabled = TRUE, disabled_reason = NULL, disabled_at = NULL WHERE id = ?")
                        .param(id).update();
            }
        });
        return find(caller, id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint",
            description = "It receives nothing more; its attempt log stays readable through the messages.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    public void delete(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        find(caller, id);
        tx.executeWithoutResult(status -> {
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.sql("UPDATE webhook_endpoints SET deleted_at = ?, enabled = FALSE, disabled_reason = 'deleted', updated_at = ? WHERE id = ?")
                    .params(now, now, id).update();
            WebhookEndpoints.parkPending(jdbc, id);
        });
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(operationId = "rotateWebhookSecret", summary = "Issue a new signing secret",
            description = "The previous secret keeps signing for 24 hours: during that time every message carries both signatures.")
    public Rotated rotate(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        find(caller, id);
        Instant now = clock.instant();
        String secret = tx.execute(status -> secrets.issue(caller.merchantId(), id, now));
        return new Rotated(id, secret, Timestamps.format(now.plus(WebhookSecrets.ROTATION_OVERLAP).truncatedTo(ChronoUnit.MILLIS)));
    }

    @PostMapping("/{id}/recover")
    @Operation(operationId = "recoverWebhookEndpoint", summary = "Re-send what failed or was parked since a time",
            description = "Every delivery to this endpoint of a message created since `since` whose status is failed or parked "
                    + "starts the schedule again, with the same `webhook-id`. The endpoint must be enabled.")
    @ApiResponse(responseCode = "200", description = "How many deliveries were scheduled again")
    @ApiResponse(responseCode = "409", description = "The endpoint is disabled")
    public Recovered recover(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                             @Valid @RequestBody RecoverRequest request) {
        EndpointView endpoint = find(caller, id);
        Instant since;
        try {
            since = Instant.parse(request.since());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("since must be an ISO-8601 UTC time such as 2026-01-31T00:00:00Z");
        }
        if (!endpoint.enabled()) {
            throw new StateConflictException("webhook endpoint " + id + " is disabled; enable it (PATCH enabled=true) first").withCode("webhook_endpoint_disabled");
        }
        int recovered = jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'pending', schedule_base = attempts, replays_due = 0,
                                                      next_attempt_at = ?, updated_at = ?
                        WHERE endpoint_id = ? AND status IN ('failed', 'parked') AND created_at >= ?""")
                .params(Timestamp.from(clock.instant()), Timestamp.from(Instant.now()), id, Timestamp.from(since))
                .update();
        return new Recovered(recovered);
    }

    EndpointView find(ApiCaller caller, String id) {
        if (!Ids.WEBHOOK_ENDPOINT.matches(id)) {
            throw new NotFoundException("webhook endpoint", id);
        }
        return reads.as(caller.merchantId(), read -> read.sql(SELECT + " WHERE e.id = ? AND e.merchant_id = ? AND e.deleted_at IS NULL")
                        .params(id, caller.merchantId()).query(ROW).optional())
                .orElseThrow(() -> new NotFoundException("webhook endpoint", id));
    }

    private static List<String> types(@Nullable List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        List<String> types = List.copyOf(new LinkedHashSet<>(requested));
        for (String type : types) {
            if (!PublicEventTypes.ALL.contains(type)) {
                throw new InvalidRequestException("unknown event type \"" + type + "\"; known types: " + String.join(", ", PublicEventTypes.ALL));
            }
        }
        return types;
    }

    private static String arrayLiteral(List<String> types) {
        return "{" + String.join(",", types) + "}";
    }

    private static List<String> strings(Array array) throws java.sql.SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
