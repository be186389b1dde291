package org.affiliateledger.infra.axon;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Axon's JDBC event store, with each event's timestamp parsed once as it is read ({@link StoredEventEntry}). Axon's
 * own entries keep the stored text and parse it on every look: once for the gap check below and once more for the
 * message, for every event on every processor's stream and every aggregate load. The tracked reading is Axon's
 * {@code getTrackedEventData} with the gap settings this class passes to its builder.
 * <p>
 * An aggregate load is one query where Axon's engine makes three (profiled: 6 of the ~20 statements a conversion cost
 * PostgreSQL at 32 clients): no snapshot lookup, because the ledger takes no snapshots (no aggregate has a snapshot
 * trigger, {@code NoSnapshotsTest}); and a batch of fewer than {@code batchSize} events is the last one, because an
 * aggregate's sequence numbers have no gaps here (Axon appends them contiguously and the store refuses deletes), so a
 * range of sequence numbers that came back short has nothing after it.
 */
final class LedgerEventStorageEngine extends JdbcEventStorageEngine {
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    static final int MAX_GAP_OFFSET = 10_000;
    static final int GAP_TIMEOUT_MILLIS = 60_000;

    private final EventSchema schema;

    /**
     * @param builder   a builder with every setting but the gap settings and the last-batch rule, which this class sets
     * @param batchSize the batch size set on {@code builder}
     */
    LedgerEventStorageEngine(JdbcEventStorageEngine.Builder builder, int batchSize, EventSchema schema) {
        super(builder.schema(schema)
                .batchSize(batchSize)
                .finalAggregateBatchPredicate(batch -> batch.size() < batchSize)
                .lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE)
                .maxGapOffset(MAX_GAP_OFFSET)
                .gapTimeout(GAP_TIMEOUT_MILLIS));
        this.schema = schema;
    }

    /** The ledger takes no snapshots: nothing to look up on each load. */
    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return Optional.empty();
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        StoredEventEntry<?> event = entry(resultSet, eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                eventIdentifier);
        boolean allowGaps = event.getTimestamp().isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MILLIS));
        GapAwareTrackingToken token;
        if (previousToken == null) {
            token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                    .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = previousToken.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, event);
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return entry(resultSet, resultSet.getString(schema.aggregateIdentifierColumn()),
                resultSet.getString(schema.eventIdentifierColumn()));
    }

    @Override
    protected DomainEventData<?> getSnapshotData(ResultSet resultSet) throws SQLException {
        return getDomainEventData(resultSet);
    }

    private StoredEventEntry<?> entry(ResultSet resultSet, String aggregateIdentifier, String eventIdentifier)
            throws SQLException {
        return new StoredEventEntry<>(resultSet.getString(schema.typeColumn()), aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()), eventIdentifier,
                resultSet.getString(schema.timestampColumn()), resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()), readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));
    }
}
