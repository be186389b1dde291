package org.affiliateledger.query.history;

import org.affiliateledger.query.support.Paging;
import org.affiliateledger.events.common.InvalidRequestException;

import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.history.EventCatalogue;
import org.affiliateledger.query.history.EventLog.StoredEvent;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.TenantReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The merchant's history: which events, from the history index under row-level security (as {@code ledger_reader},
 * the merchant set for the transaction), then their data and chain links by position from the event and chain tables.
 * Only positions the merchant-scoped read returned are looked up, so nothing of another merchant can come back.
 */
@Component
public class HistoryReads {
    private static final Logger log = LoggerFactory.getLogger(HistoryReads.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** What to list; null fields do not filter. {@code from}/{@code to} are recorded times, both inclusive. */
    public record Filter(String resourceId, String resourceType, String type, String actor, String correlationId,
                         Instant from, Instant to) {
        public static final Filter NONE = new Filter(null, null, null, null, null, null, null);

        Filter forResource(String id) {
            return new Filter(id, resourceType, type, actor, correlationId, from, to);
        }
    }

    /** A row of the history index. */
    public record Indexed(long position, String eventId, String resourceType, String resourceId, long sequence, String type,
                          String actor, String requestId, String correlationId, String causationId, Instant recordedAt,
                          Instant effectiveAt) {
    }

    /** An index row with the stored event it points at (null if the event is gone) and its chain links. */
    public record Entry(Indexed indexed, StoredEvent event, String chainHash, String previousHash) {
    }

    private final TenantReads reads;
    private final JdbcClient jdbc;
    private final EventLog eventLog;

    public HistoryReads(TenantReads reads, JdbcClient jdbc, EventLog eventLog) {
        this.reads = reads;
        this.jdbc = jdbc;
        this.eventLog = eventLog;
    }

    /**
     * Up to {@code limit} index rows after {@code afterPosition} (and at most {@code upToPosition}, if given), oldest
     * first: a keyset scan of one merchant's index, as fast at any depth.
     */
    public List<Indexed> page(String merchantId, Filter filter, long afterPosition, Long upToPosition, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM history_events WHERE merchant_id = ? AND position > ?");
        List<Object> params = new ArrayList<>(List.of(merchantId, afterPosition));
        if (upToPosition != null) {
            sql.append(" AND position <= ?");
            params.add(upToPosition);
        }
        equal(sql, params, "resource_id", filter.resourceId());
        equal(sql, params, "resource_type", filter.resourceType());
        equal(sql, params, "type", filter.type());
        equal(sql, params, "actor", filter.actor());
        equal(sql, params, "correlation_id", filter.correlationId());
        if (filter.from() != null) {
            sql.append(" AND recorded_at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND recorded_at <= ?");
            params.add(Timestamp.from(filter.to()));
        }
        sql.append(" ORDER BY position LIMIT ?");
        params.add(limit);
        return reads.as(merchantId, read -> read.sql(sql.toString()).params(params).query((rs, n) -> new Indexed(
                rs.getLong("position"), rs.getString("event_id"), rs.getString("resource_type"), rs.getString("resource_id"),
                rs.getLong("sequence"), rs.getString("type"), rs.getString("actor"), rs.getString("request_id"),
                rs.getString("correlation_id"), rs.getString("causation_id"), SqlTime.instant(rs, "recorded_at"),
                SqlTime.instant(rs, "effective_at"))).list());
    }

    /** Whether the merchant has a resource with this id in its history. */
    /**
     * A page of the history as the API lists it (oldest first, by cursor): the query behind {@code GET /api/v1/history},
     * the resource timelines and the dashboard's.
     */
    public HistoryPage listPage(String merchantId, Filter filter, Integer limit, String cursor) {
        int size = limit == null ? Paging.DEFAULT_LIMIT : limit;
        if (size < 1 || size > Paging.MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + Paging.MAX_LIMIT + ", got " + size);
        }
        long after = HistoryCursor.decode(cursor);
        List<Indexed> rows = page(merchantId, filter, after, null, size + 1);
        boolean more = rows.size() > size;
        List<Indexed> shown = more ? rows.subList(0, size) : rows;
        List<HistoryItem> items = entries(shown, false).stream().map(HistoryReads::item).toList();
        return new HistoryPage(items, size, more ? HistoryCursor.encode(shown.get(shown.size() - 1).position()) : null);
    }

    public boolean exists(String merchantId, String resourceId) {
        return reads.as(merchantId, read -> read.sql("SELECT EXISTS (SELECT 1 FROM history_events WHERE merchant_id = ? AND resource_id = ?)")
                .params(merchantId, resourceId).query(Boolean.class).single());
    }

    /**
     * The stored events and chain links of these index rows. With {@code withPrevious}, also each one's previous link
     * (the export's); positions not yet linked have null links.
     */
    public List<Entry> entries(List<Indexed> rows, boolean withPrevious) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> positions = rows.stream().map(Indexed::position).toList();
        Map<Long, StoredEvent> events = eventLog.at(positions).stream()
                .collect(Collectors.toMap(StoredEvent::position, Function.identity()));
        Map<Long, String[]> links = new HashMap<>();
        String sql = withPrevious ? """
                SELECT c.position, c.hash,
                       (SELECT p.hash FROM event_chain p WHERE p.position < c.position ORDER BY p.position DESC LIMIT 1) AS previous
                FROM event_chain c WHERE c.position = ANY (?)"""
                : "SELECT position, hash, NULL::bytea AS previous FROM event_chain WHERE position = ANY (?)";
        jdbc.sql(sql).param(positions.toArray(Long[]::new)).query(rs -> {
            byte[] previous = rs.getBytes("previous");
            links.put(rs.getLong("position"), new String[]{ChainCodec.hex(rs.getBytes("hash")),
                    previous == null ? ChainCodec.GENESIS : ChainCodec.hex(previous)});
        });
        return rows.stream().map(row -> {
            String[] link = links.get(row.position());
            return new Entry(row, events.get(row.position()), link == null ? null : link[0], link == null ? null : link[1]);
        }).toList();
    }

    /** The item an entry shows. */
    public static HistoryItem item(Entry entry) {
        Indexed row = entry.indexed();
        return new HistoryItem(row.position(), row.eventId(), row.resourceType(), row.resourceId(), row.sequence(), row.type(),
                Timestamps.format(row.effectiveAt()), Timestamps.format(row.recordedAt()), row.actor(), row.requestId(),
                row.correlationId(), row.causationId(), data(entry.event()), entry.chainHash());
    }

    /** Whether an event's payload has fields the history never shows (the export then leaves its bytes out). */
    public static boolean hasSecrets(StoredEvent event) {
        return event != null && EventCatalogue.ofStoredType(event.payloadType())
                .map(entry -> !entry.secretFields().isEmpty()).orElse(false);
    }

    /** The event's fields as recorded, its secrets replaced by {@value EventCatalogue#REDACTED}. */
    static Map<String, Object> data(StoredEvent event) {
        if (event == null) {
            return Map.of();
        }
        try {
            LinkedHashMap<String, Object> data = JSON.readValue(event.payload(), OBJECT);
            EventCatalogue.ofStoredType(event.payloadType()).ifPresent(entry -> entry.secretFields().forEach(field -> {
                if (data.containsKey(field)) {
                    data.put(field, EventCatalogue.REDACTED);
                }
            }));
            return data;
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("history: the payload at position {} is not a JSON object: {}", event.position(), e.getMessage());
            return Map.of();
        }
    }

    private static void equal(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }
}
