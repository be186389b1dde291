package org.affiliateledger.query.history;

import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.history.EventCatalogue;
import org.affiliateledger.query.support.EventPositions;
import org.affiliateledger.query.support.ProjectionWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.lang.reflect.Method;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The history index ({@code history_events}): one row per event of the log with its merchant, resource, public type,
 * actor, request, correlation and times, keyed by its global position. Its own processor ({@value #GROUP}) follows
 * the whole log in order. Not rebuilt with the read models ({@link DisallowReplay}): it indexes the log itself, row for
 * row, and nothing in it depends on settings or on other events; a rebuild would re-read the whole log for nothing.
 * A new installation's processor starts at the first event, so an existing log is indexed on the first start.
 */
@Component
@DisallowReplay
@ProcessingGroup(HistoryProjector.GROUP)
public class HistoryProjector {
    public static final String GROUP = "history";
    private static final Logger log = LoggerFactory.getLogger(HistoryProjector.class);
    /** Axon's own correlation keys before this release: traceId was the chain's root, correlationId the parent. */
    private static final String LEGACY_TRACE_ID = "traceId";
    private static final String INSERT = """
            INSERT INTO history_events (merchant_id, position, event_id, resource_type, resource_id, sequence, type, actor,
                                        request_id, correlation_id, causation_id, recorded_at, effective_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (merchant_id, position) DO NOTHING""";
    private static final Map<Class<?>, Method> MERCHANT_ACCESSORS = new ConcurrentHashMap<>();

    private final ProjectionWriter rows;

    private final EventPositions positions;

    public HistoryProjector(ProjectionWriter rows, EventPositions positions) {
        this.rows = rows;
        this.positions = positions;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message, TrackingToken token) {
        // not token.position(): for an event committed late into a gap that names a later event (see EventPositions)
        long position = positions.of(message, token);
        String aggregateId = null;
        String aggregateType = null;
        long sequence = 0;
        if (message instanceof DomainEventMessage<?> domain) {
            aggregateId = domain.getAggregateIdentifier();
            aggregateType = domain.getType();
            sequence = domain.getSequenceNumber();
        }
        String payloadType = message.getPayloadType().getName();
        MetaData meta = message.getMetaData();
        boolean legacy = !meta.containsKey(AuditMetadata.CAUSATION_ID) && meta.containsKey(LEGACY_TRACE_ID);
        Instant recorded = message.getTimestamp();
        rows.write(INSERT, merchantOf(event), position, message.getIdentifier(),
                EventCatalogue.resourceOf(payloadType, aggregateType), aggregateId == null ? "" : aggregateId, sequence,
                EventCatalogue.typeOf(payloadType, aggregateType), clip(AuditMetadata.actorOf(meta), 300),
                clip(text(meta, AuditMetadata.REQUEST_ID), 128),
                clip(text(meta, legacy ? LEGACY_TRACE_ID : AuditMetadata.CORRELATION_ID), 255),
                clip(text(meta, legacy ? AuditMetadata.CORRELATION_ID : AuditMetadata.CAUSATION_ID), 255),
                Timestamp.from(recorded), Timestamp.from(AuditMetadata.effectiveAt(meta, recorded)));
    }

    /** Every event of the ledger names its merchant; one that does not is indexed under no merchant (seen by none). */
    static String merchantOf(Object event) {
        Method accessor = MERCHANT_ACCESSORS.computeIfAbsent(event.getClass(), type -> {
            try {
                return type.getMethod("merchantId");
            } catch (NoSuchMethodException e) {
                log.warn("{} has no merchantId: its events are in no merchant's history", type.getSimpleName());
                return null;
            }
        });
        if (accessor == null) {
            return "";
        }
        try {
            Object merchant = accessor.invoke(event);
            return merchant == null ? "" : merchant.toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the merchant of " + event.getClass().getSimpleName(), e);
        }
    }

    private static String text(MetaData meta, String key) {
        Object value = meta.get(key);
        return value == null ? null : value.toString();
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
