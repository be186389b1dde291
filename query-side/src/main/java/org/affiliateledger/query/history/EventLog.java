package org.affiliateledger.query.history;

import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.Consumer;

/**
 * Direct reads of the append-only event table ({@code domainevententry}, Axon's JDBC layout), for what the read models
 * cannot answer: a resource rebuilt from its own events, the stored bytes of an event for the history and the chain.
 * Runs as the ledger's database user (the table has no merchant column): callers pass only positions or aggregate ids
 * that a merchant-scoped read already returned, or check the merchant of what they rebuilt.
 */
@Component
public class EventLog {
    static final String COLUMNS = """
            globalindex, eventidentifier, type, aggregateidentifier, sequencenumber, "timestamp", payloadtype, \
            payloadrevision, payload, metadata""";

    /** One stored event as it is in the table: the chain hashes exactly these values. */
    public record StoredEvent(long position, String eventId, String aggregateType, String aggregateId, long sequence,
                              String timestamp, String payloadType, String payloadRevision, byte[] payload, byte[] metadata) {
    }

    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final org.axonframework.config.Configuration axon;

    public EventLog(JdbcClient jdbc, @Qualifier("eventSerializer") Serializer serializer,
                    org.axonframework.config.Configuration axon) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.axon = axon;
    }

    /** An aggregate's events in order, as Axon delivers them (upcast and deserialized), each with its position. */
    public List<TrackedEventMessage<?>> eventsOf(String aggregateId) {
        List<StoredEvent> stored = jdbc.sql("SELECT " + COLUMNS + " FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber")
                .param(aggregateId)
                .query(EventLog::stored)
                .list();
        EventUpcaster upcasters = axon.upcasterChain();
        return EventUtils.upcastAndDeserializeTrackedEvents(stored.stream().map(EventLog::asData), serializer, upcasters)
                .toList();
    }

    /** The stored events at these positions (missing ones are left out), in position order. */
    public List<StoredEvent> at(List<Long> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM domainevententry WHERE globalindex = ANY (?) ORDER BY globalindex")
                .param(positions.toArray(Long[]::new))
                .query(EventLog::stored)
                .list();
    }

    /** Every stored event with {@code from <= position <= to}, in order, {@code batch} rows per query. */
    public void scan(long from, long to, int batch, Consumer<StoredEvent> each) {
        long next = from;
        while (next <= to) {
            List<StoredEvent> rows = jdbc.sql("SELECT " + COLUMNS + " FROM domainevententry WHERE globalindex >= ? AND globalindex <= ? "
                            + "ORDER BY globalindex LIMIT ?")
                    .params(next, to, batch)
                    .query(EventLog::stored)
                    .list();
            rows.forEach(each);
            if (rows.size() < batch) {
                return;
            }
            next = rows.get(rows.size() - 1).position() + 1;
        }
    }

    /** The highest position in the log (0 when it is empty). */
    public long head() {
        return jdbc.sql("SELECT COALESCE(max(globalindex), 0) FROM domainevententry").query(Long.class).single();
    }

    static StoredEvent stored(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredEvent(rs.getLong("globalindex"), rs.getString("eventidentifier"), rs.getString("type"),
                rs.getString("aggregateidentifier"), rs.getLong("sequencenumber"), rs.getString("timestamp"),
                rs.getString("payloadtype"), rs.getString("payloadrevision"), rs.getBytes("payload"), rs.getBytes("metadata"));
    }

    private static TrackedDomainEventData<byte[]> asData(StoredEvent e) {
        return new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(e.position()), new GenericDomainEventEntry<>(
                e.aggregateType(), e.aggregateId(), e.sequence(), e.eventId(), e.timestamp(), e.payloadType(),
                e.payloadRevision(), e.payload(), e.metadata()));
    }
}
