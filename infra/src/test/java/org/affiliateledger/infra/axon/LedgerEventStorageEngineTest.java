package org.affiliateledger.infra.axon;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.UUID;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.affiliateledger.infra.axon.StorageTestSupport.countingStatements;
import static org.affiliateledger.infra.axon.StorageTestSupport.rolledBack;

/**
 * The ledger's event store reads every event as Axon's own JDBC engine does with the same settings: same order,
 * identifiers, timestamps and tracking tokens (gaps included), and the same aggregate streams; an aggregate in one
 * query where Axon's engine needs three.
 */
class LedgerEventStorageEngineTest extends LedgerIntegrationTest {
    @Autowired
    EventStorageEngine ledger;
    @Autowired
    ConnectionProvider connections;
    @Autowired
    TransactionManager transactions;
    @Autowired
    Serializer defaultSerializer;
    @Autowired
    PersistenceExceptionResolver persistenceExceptionResolver;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Test
    void readsTheStoreAsAxonsOwnEngineDoes() {
        String key = onboardMerchant("Engine Co");
        String affiliate = activeAffiliate(key, "Engine Affiliate");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 1000 + i,
                    "external_id", "engine-" + i))).status()).isEqualTo(201);
        }
        assertThat(ledger).isInstanceOf(LedgerEventStorageEngine.class);
        JdbcEventStorageEngine axon = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer).eventSerializer(eventSerializer)
                .connectionProvider(connections).transactionManager(transactions).schema(new EventSchema())
                .lowestGlobalSequence(LedgerEventStorageEngine.LOWEST_GLOBAL_SEQUENCE)
                .maxGapOffset(LedgerEventStorageEngine.MAX_GAP_OFFSET)
                .gapTimeout(LedgerEventStorageEngine.GAP_TIMEOUT_MILLIS)
                .build();

        List<? extends TrackedEventMessage<?>> expected = axon.readEvents(null, false).toList();
        List<? extends TrackedEventMessage<?>> actual = ledger.readEvents(null, false).limit(expected.size()).toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            TrackedEventMessage<?> want = expected.get(i);
            TrackedEventMessage<?> got = actual.get(i);
            assertThat(got.getIdentifier()).isEqualTo(want.getIdentifier());
            assertThat(got.getTimestamp()).isEqualTo(want.getTimestamp());
            assertThat(got.trackingToken()).isEqualTo(want.trackingToken());
            assertThat(got.getPayloadType()).isEqualTo(want.getPayloadType());
        }

        DomainEventMessage<?> conversion = expected.stream()
                .filter(event -> event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null)
                .map(event -> (DomainEventMessage<?>) event)
                .reduce((first, second) -> second).orElseThrow();
        List<? extends DomainEventMessage<?>> aggregate = ledger.readEvents(conversion.getAggregateIdentifier()).asStream().toList();
        List<? extends DomainEventMessage<?>> axonAggregate = axon.readEvents(conversion.getAggregateIdentifier()).asStream().toList();
        assertThat(aggregate).isNotEmpty().hasSameSizeAs(axonAggregate);
        for (int i = 0; i < aggregate.size(); i++) {
            assertThat(aggregate.get(i).getIdentifier()).isEqualTo(axonAggregate.get(i).getIdentifier());
            assertThat(aggregate.get(i).getTimestamp()).isEqualTo(axonAggregate.get(i).getTimestamp());
            assertThat(aggregate.get(i).getSequenceNumber()).isEqualTo(axonAggregate.get(i).getSequenceNumber());
        }
    }

    @Test
    void loadsAnAggregateInOneQueryWithoutLookingForSnapshots() {
        String key = onboardMerchant("One Query Co");
        String affiliate = activeAffiliate(key, "One Query Affiliate");
        AtomicInteger statements = new AtomicInteger();
        LedgerEventStorageEngine counted = engine(countingStatements(connections, statements), 1000);

        List<? extends DomainEventMessage<?>> loaded = counted.readEvents(affiliate).asStream().toList();

        assertThat(loaded).isNotEmpty();
        assertThat(statements).hasValue(1);
        statements.set(0);
        assertThat(counted.readSnapshot(affiliate)).isEmpty();
        assertThat(statements).hasValue(0);
    }

    @Test
    void readsOnWhileABatchComesBackFull() {
        String key = onboardMerchant("Full Batch Co");
        String affiliate = activeAffiliate(key, "Full Batch Affiliate");
        assertThat(api.patch("/api/v1/affiliates/" + affiliate, key, Api.json(Map.of("name", "Renamed Affiliate"))).status())
                .isEqualTo(200);
        List<? extends DomainEventMessage<?>> whole = ledger.readEvents(affiliate).asStream().toList();
        assertThat(whole).hasSizeGreaterThanOrEqualTo(3);

        // batches of one: every batch comes back full until the one past the last event
        List<? extends DomainEventMessage<?>> inOnes = engine(connections, 1).readEvents(affiliate).asStream().toList();
        List<? extends DomainEventMessage<?>> inTwos = engine(connections, 2).readEvents(affiliate).asStream().toList();

        assertThat(inOnes).extracting(DomainEventMessage::getSequenceNumber)
                .containsExactlyElementsOf(whole.stream().map(DomainEventMessage::getSequenceNumber).toList());
        assertThat(inTwos).extracting(DomainEventMessage::getIdentifier)
                .containsExactlyElementsOf(whole.stream().map(DomainEventMessage::getIdentifier).toList());
    }

    /**
     * Appending notes the positions PostgreSQL gave the events, so a request's position needs no lookup: the append is
     * its one statement, and what it noted is where the events are. (Rolled back: these events are the test's own.)
     */
    @Test
    void notesThePositionsItAppendsOnTheUnitOfWorkInItsOneStatement() throws Exception {
        AtomicInteger statements = new AtomicInteger();
        LedgerEventStorageEngine counted = engine(countingStatements(connections, statements), 1000);
        String aggregate = "test-append-" + UUID.randomUUID();
        List<DomainEventMessage<?>> events = List.of(new GenericDomainEventMessage<>("Test", aggregate, 0, "first"),
                new GenericDomainEventMessage<>("Test", aggregate, 1, "second"));
        rolledBack(transactions, unitOfWork -> {
            counted.appendEvents(events);
            assertThat(statements).hasValue(1);

            List<Long> stored = storedPositions(aggregate);
            assertThat(stored).hasSize(2);
            assertThat(AppendedPositions.highestOf(unitOfWork, 2)).hasValue(Collections.max(stored));
            // noted for other events than its caller's: the caller looks its own up
            assertThat(AppendedPositions.highestOf(unitOfWork, 3)).isEmpty();
            return null;
        });
    }

    /** More events than one insert takes: every one stored, in inserts of {@code ROWS_PER_INSERT}, all positions noted. */
    @Test
    void appendsALongListInSeveralInsertsAndNotesThemAll() throws Exception {
        AtomicInteger statements = new AtomicInteger();
        LedgerEventStorageEngine counted = engine(countingStatements(connections, statements), 1000);
        String aggregate = "test-long-append-" + UUID.randomUUID();
        int size = LedgerEventStorageEngine.ROWS_PER_INSERT + 1;
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(new GenericDomainEventMessage<>("Test", aggregate, i, "event " + i));
        }
        rolledBack(transactions, unitOfWork -> {
            counted.appendEvents(events);
            assertThat(statements).hasValue(2);
            List<Long> stored = storedPositions(aggregate);
            assertThat(stored).hasSize(size);
            assertThat(AppendedPositions.highestOf(unitOfWork, size)).hasValue(Collections.max(stored));
            List<Object> read = counted.readEvents(aggregate).asStream().<Object>map(DomainEventMessage::getPayload).toList();
            assertThat(read).containsExactlyElementsOf(events.stream().<Object>map(DomainEventMessage::getPayload).toList());
            return null;
        });
    }

    /** A sequence number already taken refuses the whole append with the exception Axon's engine raises for it. */
    @Test
    void refusesATakenSequenceNumberAsAxonsEngineDoes() throws Exception {
        JdbcEventStorageEngine axon = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer).eventSerializer(eventSerializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connections).transactionManager(transactions).schema(new EventSchema())
                .build();
        assertThat(refusalOfATakenSequenceNumber(ledger)).isNotNull()
                .isExactlyInstanceOf(refusalOfATakenSequenceNumber(axon).getClass());
    }

    /** What appending sequence numbers 1 and 0 after 0 raises, rolled back. */
    private Throwable refusalOfATakenSequenceNumber(EventStorageEngine engine) throws Exception {
        String aggregate = "test-taken-" + UUID.randomUUID();
        return rolledBack(transactions, unitOfWork -> {
            engine.appendEvents(new GenericDomainEventMessage<>("Test", aggregate, 0, "first"));
            return catchThrowable(() -> engine.appendEvents(new GenericDomainEventMessage<>("Test", aggregate, 1, "second"),
                    new GenericDomainEventMessage<>("Test", aggregate, 0, "again")));
        });
    }

    private List<Long> storedPositions(String aggregate) throws Exception {
        List<Long> stored = new ArrayList<>();
        try (Connection connection = connections.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ?")) {
            query.setString(1, aggregate);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getLong(1));
                }
            }
        }
        return stored;
    }

    private LedgerEventStorageEngine engine(ConnectionProvider connectionProvider, int batchSize) {
        return new LedgerEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer).eventSerializer(eventSerializer)
                .connectionProvider(connectionProvider), batchSize, new EventSchema(), byte[].class, transactions);
    }
}
