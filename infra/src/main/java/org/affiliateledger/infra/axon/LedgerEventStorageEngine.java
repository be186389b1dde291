package org.affiliateledger.infra.axon;

import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
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
 * <p>
 * Appending returns the positions PostgreSQL gave the events ({@code RETURNING globalindex}) and notes the highest on
 * the unit of work ({@link AppendedPositions}): a request's {@code X-Ledger-Position} then costs no statement of its own
 * (it was one of the ~18 a conversion cost PostgreSQL at 32 clients).
 */
final class LedgerEventStorageEngine extends JdbcEventStorageEngine {
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    static final int MAX_GAP_OFFSET = 10_000;
    static final int GAP_TIMEOUT_MILLIS = 60_000;

    /** At most this many events per insert statement (nine parameters each; PostgreSQL takes 65,535). */
    static final int ROWS_PER_INSERT = 1000;

    private final EventSchema schema;
    private final Class<?> dataType;
    private final TransactionManager transactions;

    /**
     * @param builder      a builder with every setting but the gap settings and the last-batch rule, which this class
     *                     sets
     * @param batchSize    the batch size set on {@code builder}
     * @param schema       the table and column names
     * @param dataType     the type payloads are stored as ({@code byte[]}: the builder's default)
     * @param transactions the transaction manager
     */
    LedgerEventStorageEngine(JdbcEventStorageEngine.Builder builder, int batchSize, EventSchema schema,
                             Class<?> dataType, TransactionManager transactions) {
        super(builder.schema(schema)
                .dataType(dataType)
                .transactionManager(transactions)
                .batchSize(batchSize)
                .finalAggregateBatchPredicate(batch -> batch.size() < batchSize)
                .lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE)
                .maxGapOffset(MAX_GAP_OFFSET)
                .gapTimeout(GAP_TIMEOUT_MILLIS));
        this.schema = schema;
        this.dataType = dataType;
        this.transactions = transactions;
    }

    /**
     * Axon's append in the unit of work's transaction, as multi-row inserts (what the driver's batch rewriting made of
     * Axon's batch: it rewrites no batch that returns keys) that return the positions they were given, noted on the
     * unit of work. A refused row (an aggregate's sequence number taken) refuses the whole insert, as the batch did.
     */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        transactions.executeInTransaction(() -> {
            Connection connection = getConnection();
            try {
                long highest = Long.MIN_VALUE;
                int returned = 0;
                for (int from = 0; from < events.size(); from += ROWS_PER_INSERT) {
                    List<? extends EventMessage<?>> rows = events.subList(from, Math.min(events.size(), from + ROWS_PER_INSERT));
                    try (PreparedStatement insert = insert(connection, rows, serializer);
                         ResultSet positions = insert.executeQuery()) {
                        while (positions.next()) {
                            highest = Math.max(highest, positions.getLong(1));
                            returned++;
                        }
                    }
                }
                AppendedPositions.note(highest, returned);
            } catch (SQLException e) {
                handlePersistenceException(e, events.get(0));
            } finally {
                JdbcUtils.closeQuietly(connection);
            }
        });
    }

    /** Axon's insert ({@code JdbcEventStorageEngineStatements.appendEvents}) with a row per event, returning positions. */
    private PreparedStatement insert(Connection connection, List<? extends EventMessage<?>> events, Serializer serializer)
            throws SQLException {
        String sql = "INSERT INTO " + schema.domainEventTable() + " (" + schema.domainEventFields() + ") VALUES "
                + String.join(",", Collections.nCopies(events.size(), "(?,?,?,?,?,?,?,?,?)"))
                + " RETURNING " + schema.globalIndexColumn();
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            int column = 0;
            for (EventMessage<?> message : events) {
                // an event no aggregate applied is stored as Axon stores it: its own id as the aggregate's, sequence 0
                DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain ? domain
                        : new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message, message::getTimestamp);
                SerializedObject<?> payload = event.serializePayload(serializer, dataType);
                SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
                statement.setString(++column, event.getIdentifier());
                statement.setString(++column, event.getAggregateIdentifier());
                statement.setLong(++column, event.getSequenceNumber());
                statement.setString(++column, event.getType());
                writeTimestamp(statement, ++column, event.getTimestamp());
                statement.setString(++column, payload.getType().getName());
                statement.setString(++column, payload.getType().getRevision());
                statement.setObject(++column, payload.getData());
                statement.setObject(++column, metaData.getData());
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            JdbcUtils.closeQuietly(statement);
            throw e;
        }
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
