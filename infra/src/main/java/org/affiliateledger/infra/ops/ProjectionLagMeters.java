package org.affiliateledger.infra.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How far each streaming processor (the read-model projections, the sagas, the webhook outbox) is behind the event
 * store, as gauges: {@code ledger.projection.lag.positions} (events not yet processed) and
 * {@code ledger.projection.lag.seconds} (the age of the oldest of them; 0 when caught up). Measured over the segments
 * this node has claimed (NaN when it has claimed none: another node runs that processor). Computed at most once a
 * second, however often it is scraped; NaN while the database cannot be asked.
 */
@Component
public class ProjectionLagMeters {
    public static final String LAG_POSITIONS = "ledger.projection.lag.positions";
    public static final String LAG_SECONDS = "ledger.projection.lag.seconds";
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final JdbcClient jdbc;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private Map<String, double[]> snapshot = Map.of();
    private Instant takenAt = Instant.EPOCH;

    public ProjectionLagMeters(EventProcessingConfiguration processing, EventStore eventStore, JdbcClient jdbc, MeterRegistry registry) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                Gauge.builder(LAG_POSITIONS, this, meters -> meters.lag(name)[0])
                        .description("events the processor has not yet processed (this node's segments)")
                        .tag("processor", name).register(registry);
                Gauge.builder(LAG_SECONDS, this, meters -> meters.lag(name)[1])
                        .description("age of the oldest event the processor has not yet processed; 0 when caught up")
                        .baseUnit("seconds").tag("processor", name).register(registry);
            }
        });
    }

    private synchronized double[] lag(String processor) {
        Instant now = clock.instant();
        if (Duration.between(takenAt, now).compareTo(FRESH) >= 0) {
            snapshot = measure(now);
            takenAt = now;
        }
        return snapshot.getOrDefault(processor, new double[]{Double.NaN, Double.NaN});
    }

    private Map<String, double[]> measure(Instant now) {
        Map<String, double[]> lags = new HashMap<>();
        try {
            TrackingToken headToken = eventStore.createHeadToken();
            long head = headToken == null ? -1 : headToken.position().orElse(-1);
            processing.eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor streaming) {
                    lags.put(name, lagOf(streaming, head, now));
                }
            });
        } catch (RuntimeException databaseUnavailable) {
            return Map.of();
        }
        return lags;
    }

    private double[] lagOf(StreamingEventProcessor processor, long head, Instant now) {
        Map<Integer, EventTrackerStatus> claimed = processor.processingStatus();
        if (claimed.isEmpty()) {
            return new double[]{Double.NaN, Double.NaN};
        }
        long position = claimed.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.isPresent() ? p.getAsLong() : -1L)
                .min().orElse(-1L);
        long behind = Math.max(0, head - position);
        if (behind == 0) {
            return new double[]{0, 0};
        }
        double seconds = oldestAfter(position)
                .map(oldest -> Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0))
                .orElse(0.0);
        return new double[]{behind, seconds};
    }

    /** When the first event after {@code position} was stored (the JDBC event store; empty elsewhere). */
    private Optional<Instant> oldestAfter(long position) {
        try {
            return jdbc.sql("SELECT \"timestamp\" FROM domainevententry WHERE globalindex > ? ORDER BY globalindex LIMIT 1")
                    .param(position)
                    .query(String.class)
                    .optional()
                    .map(Instant::parse);
        } catch (RuntimeException noJdbcEventStore) {
            return Optional.empty();
        }
    }

}
