package org.affiliateledger.infra.consistency;

import org.affiliateledger.infra.ops.LedgerMeters;
import org.affiliateledger.query.support.Freshness;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How far the read models have read the event store, across every node: each read-model processor's segment tokens
 * are read from {@code tokenentry}, committed in the same transaction as the rows they projected. An event at global
 * position {@code p} is in every read model once each segment's token has passed {@code p} and does not hold it as a
 * gap. Waiting for that is what {@code X-Ledger-Position} (any read) and {@link Freshness} (a read by id) do, bounded by
 * {@code ledger.reads.consistency-wait} (2 s): a read never waits longer, and then answers what there is.
 */
@Component
public class ReadModelPositions implements Freshness {
    private static final Logger log = LoggerFactory.getLogger(ReadModelPositions.class);
    private static final long POLL_MILLIS = 10;

    private final JdbcClient jdbc;
    private final EventProcessingConfiguration processing;
    private final Serializer serializer;
    private final EventStore eventStore;
    private final ObjectProvider<EventStorageEngine> storageEngine;
    private final Duration maxWait;
    private final LedgerMeters meters;
    private volatile List<String> processorNames;

    public ReadModelPositions(JdbcClient jdbc, EventProcessingConfiguration processing, Serializer serializer,
                              EventStore eventStore, ObjectProvider<EventStorageEngine> storageEngine,
                              @Value("${ledger.reads.consistency-wait:PT2S}") Duration maxWait, LedgerMeters meters) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.serializer = serializer;
        this.eventStore = eventStore;
        this.storageEngine = storageEngine;
        this.maxWait = maxWait;
        this.meters = meters;
    }

    /**
     * Waits until every read model has processed position {@code position}; false when the bound ran out first. A read
     * that had to wait is measured ({@code ledger_read_waits_seconds}, by outcome); one that found its write already
     * projected is not.
     */
    public boolean awaitPosition(long position) {
        if (covered(position)) {
            return true;
        }
        if (maxWait.isZero()) {
            return false;
        }
        long start = System.nanoTime();
        long deadline = start + maxWait.toNanos();
        while (true) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (covered(position)) {
                meters.readWaited(true, Duration.ofNanos(System.nanoTime() - start));
                return true;
            }
            if (System.nanoTime() > deadline) {
                log.debug("read models did not reach position {} within {}", position, maxWait);
                meters.readWaited(false, Duration.ofNanos(System.nanoTime() - start));
                return false;
            }
        }
    }

    /** Waits for the aggregate's latest event (so for all of the transaction that created it, too). */
    @Override
    public boolean awaitCreation(String aggregateId) {
        OptionalLong latest = latestPosition(aggregateId);
        return latest.isPresent() && awaitPosition(latest.getAsLong());
    }

    /** Waits for the event store's head as it is now: every event committed before the call. */
    @Override
    public boolean awaitEverythingWritten() {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null || head.position().isEmpty()) {
            return true;
        }
        return awaitPosition(head.position().getAsLong());
    }

    /** The global position of the aggregate's latest event; empty when the event store holds no such aggregate. */
    OptionalLong latestPosition(String aggregateId) {
        if (aggregateId == null || aggregateId.length() > 255) {
            return OptionalLong.empty();
        }
        if (storageEngine.getIfAvailable() instanceof JdbcEventStorageEngine) {
            return jdbc.sql("""
                            SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ?
                            ORDER BY sequencenumber DESC LIMIT 1""")
                    .param(aggregateId)
                    .query(Long.class)
                    .optional()
                    .map(OptionalLong::of)
                    .orElse(OptionalLong.empty());
        }
        // Axon Server: positions have no gaps, and everything committed before now is at or below the head
        if (eventStore.lastSequenceNumberFor(aggregateId).isEmpty()) {
            return OptionalLong.empty();
        }
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? OptionalLong.empty() : head.position();
    }

    /**
     * True when every segment of every read-model processor has processed {@code position}: its committed token says
     * so, or, for a segment this node runs, its live status does. A segment that received only events it does not
     * project stores its token late: a tracking segment when an event of its own arrives or its wait for events ends
     * (a second), a pooled one at its next claim extension (seconds). Its status advances at once past events it has
     * nothing to write for, and past its own only after their batch committed (both kinds of processor), so a read
     * never sees less than it waited for.
     */
    boolean covered(long position) {
        List<String> names = readModelProcessors();
        List<Row> rows = jdbc.sql("SELECT processorname, segment, token, tokentype FROM tokenentry WHERE processorname IN (:names)")
                .param("names", names)
                .query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getBytes(3), rs.getString(4)))
                .list();
        Set<String> seen = rows.stream().map(Row::processor).collect(Collectors.toSet());
        if (!seen.containsAll(names)) {
            return false;
        }
        for (Row row : rows) {
            if (!covers(committedToken(row), position) && !covers(liveToken(row.processor(), row.segment()), position)) {
                return false;
            }
        }
        return true;
    }

    private TrackingToken committedToken(Row row) {
        if (row.token() == null || row.type() == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(row.token(), byte[].class, row.type(), null));
    }

    /** The position a segment this node runs has passed; null when another node (or no one) runs it. */
    private TrackingToken liveToken(String processorName, int segment) {
        return processing.eventProcessor(processorName, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().get(segment))
                .map(EventTrackerStatus::getTrackingToken)
                .orElse(null);
    }

    /**
     * The tokens of one processor's segments, as committed (empty when it has none yet). A null entry is a segment
     * without a token.
     */
    public List<TrackingToken> tokensOf(String processingGroup) {
        String name = processing.eventProcessorByProcessingGroup(processingGroup).map(EventProcessor::getName)
                .orElse(processingGroup);
        return jdbc.sql("SELECT token, tokentype FROM tokenentry WHERE processorname = ?")
                .param(name)
                .query((rs, n) -> {
                    byte[] token = rs.getBytes(1);
                    String type = rs.getString(2);
                    if (token == null || type == null) {
                        return (TrackingToken) null;
                    }
                    TrackingToken stored = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
                    return WrappedToken.unwrapLowerBound(stored);
                })
                .list();
    }

    static boolean covers(TrackingToken token, long position) {
        if (token == null) {
            return false;
        }
        TrackingToken current = WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return current != null && current.position().orElse(-1) >= position;
    }

    /** The streaming processors that feed read models (the projections and the webhook outbox), not the sagas'. */
    private List<String> readModelProcessors() {
        List<String> names = processorNames;
        if (names == null) {
            Set<String> sagaProcessors = processing.sagaConfigurations().stream()
                    .map(saga -> processing.eventProcessorByProcessingGroup(saga.processingGroup()).map(EventProcessor::getName)
                            .orElse(saga.processingGroup()))
                    .collect(Collectors.toSet());
            Collection<EventProcessor> all = processing.eventProcessors().values();
            names = all.stream()
                    .filter(StreamingEventProcessor.class::isInstance)
                    .map(EventProcessor::getName)
                    .filter(name -> !sagaProcessors.contains(name))
                    .sorted()
                    .toList();
            processorNames = names;
        }
        return names;
    }

    private record Row(String processor, int segment, byte[] token, String type) {
    }
}
