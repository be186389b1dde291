package org.affiliateledger.query.webhook;

import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.webhook.FindWebhookEndpoint;
import org.affiliateledger.query.webhook.WebhookEndpointQueryController.EndpointView;
import org.affiliateledger.query.webhook.WebhookEndpointQueryController.Health;
import org.affiliateledger.query.webhook.WebhookMessageController.Attempt;
import org.affiliateledger.query.webhook.WebhookMessageController.Delivery;
import org.affiliateledger.query.webhook.WebhookMessageController.Message;
import org.axonframework.queryhandling.QueryHandler;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.TenantReads;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The webhook reads, under row-level security: endpoints with their health, the message log with its filters, a
 * message with every attempt, what a recover would re-send, and the event catalog. The API's controllers and the
 * dashboard's {@code /ui/webhooks} both read through here.
 */
@Component
public class WebhookQueries {
    static final Set<String> STATUSES = Set.of("pending", "delivered", "failed", "parked");
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private static final RowMapper<EndpointView> ENDPOINT = (rs, n) -> new EndpointView(rs.getString("id"), rs.getString("url"),
            rs.getString("description"), strings(rs.getArray("event_types")), rs.getBoolean("enabled"),
            rs.getString("disabled_reason"), Timestamps.format(SqlTime.instant(rs, "disabled_at")),
            Timestamps.format(SqlTime.instant(rs, "created_at")), Timestamps.format(SqlTime.instant(rs, "updated_at")),
            new Health(rs.getInt("attempts_24h"), rs.getObject("success_rate_24h") == null ? null : rs.getDouble("success_rate_24h"),
                    Timestamps.format(SqlTime.instant(rs, "last_failure_at")), rs.getString("last_failure"),
                    rs.getInt("pending"), rs.getInt("failed"), rs.getInt("parked")));
    private static final String SELECT_ENDPOINT = """
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

    private final TenantReads reads;

    public WebhookQueries(TenantReads reads) {
        this.reads = reads;
    }

    /** What the message log lists; null fields do not filter. {@code createdFrom}/{@code createdTo} are inclusive. */
    public record MessageFilter(String type, String status, String endpointId, Instant createdFrom, Instant createdTo) {
        public static final MessageFilter NONE = new MessageFilter(null, null, null, null, null);

        /** Refuses an unknown type or status, and a range that ends before it starts, with the API's messages. */
        public MessageFilter validated() {
            if (type != null && !WebhookEventCatalog.isMessageType(type)) {
                throw new InvalidRequestException("unknown type \"" + type + "\"; known types: "
                        + String.join(", ", WebhookEventCatalog.messageTypes()));
            }
            if (status != null && !STATUSES.contains(status)) {
                throw new InvalidRequestException("status must be one of pending, delivered, failed, parked");
            }
            if (createdFrom != null && createdTo != null && createdFrom.isAfter(createdTo)) {
                throw new InvalidRequestException("created_from (" + createdFrom + ") is after created_to (" + createdTo + ")")
                        .withCode("from_after_to");
            }
            return this;
        }
    }

    public ListPage<EndpointView> endpoints(String merchantId, Paging paging) {
        var rows = reads.as(merchantId, read -> {
            StringBuilder sql = new StringBuilder(SELECT_ENDPOINT).append(" WHERE e.merchant_id = ? AND e.deleted_at IS NULL");
            List<Object> args = new ArrayList<>(List.of(merchantId));
            if (paging.afterId() != null) {
                sql.append(" AND e.id < ?");
                args.add(paging.afterId());
            }
            sql.append(" ORDER BY e.id DESC LIMIT ? OFFSET ?");
            args.add(paging.limit() + 1);
            args.add(paging.offset());
            return read.sql(sql.toString()).params(args).query(ENDPOINT).list();
        });
        return paging.toPage(rows, EndpointView::id, row -> row);
    }

    /** The endpoint with its health; 404 for an unknown, deleted or another merchant's id. */
    public EndpointView endpoint(String merchantId, String id) {
        if (!Ids.WEBHOOK_ENDPOINT.matches(id)) {
            throw new NotFoundException("webhook endpoint", id);
        }
        return reads.as(merchantId, read -> read.sql(SELECT_ENDPOINT + " WHERE e.id = ? AND e.merchant_id = ? AND e.deleted_at IS NULL")
                        .params(id, merchantId).query(ENDPOINT).optional())
                .orElseThrow(() -> new NotFoundException("webhook endpoint", id));
    }

    /** The endpoint as a change answers it (asked by the command side through the query bus). */
    @QueryHandler
    public EndpointView handle(FindWebhookEndpoint query) {
        return endpoint(query.merchantId(), query.endpointId());
    }

    /** The message log, newest first, each message with its deliveries (not their attempts). */
    public ListPage<Message> messages(String merchantId, MessageFilter filter, Paging paging) {
        filter.validated();
        List<Message> rows = reads.as(merchantId, read -> {
            StringBuilder sql = new StringBuilder("SELECT * FROM webhook_messages m WHERE m.merchant_id = ?");
            List<Object> args = new ArrayList<>(List.of(merchantId));
            if (filter.type() != null) {
                sql.append(" AND m.type = ?");
                args.add(filter.type());
            }
            if (filter.createdFrom() != null) {
                sql.append(" AND m.created_at >= ?");
                args.add(Timestamp.from(filter.createdFrom()));
            }
            if (filter.createdTo() != null) {
                sql.append(" AND m.created_at <= ?");
                args.add(Timestamp.from(filter.createdTo()));
            }
            if (filter.status() != null || filter.endpointId() != null) {
                sql.append(" AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.message_id = m.id");
                if (filter.status() != null) {
                    sql.append(" AND d.status = ?");
                    args.add(filter.status());
                }
                if (filter.endpointId() != null) {
                    sql.append(" AND d.endpoint_id = ?");
                    args.add(filter.endpointId());
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
            List<Message> messages = read.sql(sql.toString()).params(args).query((rs, n) -> message(rs)).list();
            return messages.stream().map(m -> withDeliveries(read, m, false)).toList();
        });
        return paging.toPage(rows, Message::id, row -> row);
    }

    /** A message with every delivery and every attempt; 404 for an unknown or another merchant's id. */
    public Message message(String merchantId, String id) {
        return reads.as(merchantId, read -> withDeliveries(read, find(read, merchantId, id), true));
    }

    /**
     * How many deliveries to the endpoint a recover since {@code since} would schedule again: those of messages created
     * since then that failed or were parked — the same condition the command side's recover applies.
     */
    public int recoverable(String merchantId, String endpointId, Instant since) {
        endpoint(merchantId, endpointId);
        return reads.as(merchantId, read -> read.sql("""
                        SELECT count(*) FROM webhook_deliveries
                        WHERE merchant_id = ? AND endpoint_id = ? AND status IN ('failed', 'parked') AND created_at >= ?""")
                .params(merchantId, endpointId, Timestamp.from(since)).query(Integer.class).single());
    }

    private static Message find(JdbcClient read, String merchantId, String id) {
        if (!Ids.MESSAGE.matches(id)) {
            throw new NotFoundException("webhook message", id);
        }
        return read.sql("SELECT * FROM webhook_messages WHERE id = ? AND merchant_id = ?")
                .params(id, merchantId)
                .query((rs, n) -> message(rs))
                .optional().orElseThrow(() -> new NotFoundException("webhook message", id));
    }

    private static Message message(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Message(rs.getString("id"), rs.getString("type"), Timestamps.format(SqlTime.instant(rs, "created_at")),
                body(rs.getString("payload")), List.of());
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
                                    rs.getString("error"), headers(rs.getString("request_headers"))))
                            .list())).toList();
        }
        return new Message(message.id(), message.type(), message.createdAt(), message.payload(), deliveries);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(String payload) {
        return JSON.readValue(payload, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> headers(String json) {
        return json == null ? null : JSON.readValue(json, java.util.LinkedHashMap.class);
    }

    private static List<String> strings(Array array) throws java.sql.SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
