package org.affiliateledger.query.reconciliation;

import org.affiliateledger.query.history.EventLog;
import org.affiliateledger.query.history.EventLog.StoredEvent;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.TenantReads;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The merchant's money events up to a position, oldest first: which ones from the history index (row-level security,
 * so only this merchant's), their payloads from the event table by those positions only. Batched, so a long history is
 * folded in constant memory per batch.
 */
@Component
public class MerchantEvents {
    static final int BATCH = 2_000;
    private static final String SQL = """
            SELECT position, event_id, actor, effective_at FROM history_events
            WHERE merchant_id = ? AND position > ? AND position <= ?
              AND (resource_type IN ('conversion', 'commission', 'payout') OR type = 'program.stripe_activity_unmatched')
            ORDER BY position LIMIT ?""";

    private record Indexed(long position, String eventId, String actor, Instant effectiveAt) {
    }

    private final TenantReads reads;
    private final EventLog log;
    private final Serializer serializer;
    private final org.axonframework.config.Configuration axon;

    public MerchantEvents(TenantReads reads, EventLog log, @Qualifier("eventSerializer") Serializer serializer,
                          org.axonframework.config.Configuration axon) {
        this.reads = reads;
        this.log = log;
        this.serializer = serializer;
        this.axon = axon;
    }

    /** Every money event of the merchant at or below {@code upTo}, in position order. */
    public void read(String merchantId, long upTo, Consumer<LedgerEvent> each) {
        long after = 0;
        while (true) {
            long from = after;
            List<Indexed> rows = reads.as(merchantId, jdbc -> jdbc.sql(SQL).params(merchantId, from, upTo, BATCH)
                    .query((rs, n) -> new Indexed(rs.getLong("position"), rs.getString("event_id"), rs.getString("actor"),
                            SqlTime.instant(rs, "effective_at")))
                    .list());
            if (rows.isEmpty()) {
                return;
            }
            Map<Long, Object> payloads = payloads(rows.stream().map(Indexed::position).toList());
            for (Indexed row : rows) {
                Object payload = payloads.get(row.position());
                if (payload != null) {
                    each.accept(new LedgerEvent(row.position(), row.eventId(), row.actor(), row.effectiveAt(), payload));
                }
            }
            if (rows.size() < BATCH) {
                return;
            }
            after = rows.get(rows.size() - 1).position();
        }
    }

    private Map<Long, Object> payloads(List<Long> positions) {
        List<StoredEvent> stored = log.at(positions);
        Map<Long, Object> payloads = new HashMap<>(stored.size() * 2);
        EventUtils.upcastAndDeserializeTrackedEvents(stored.stream().map(MerchantEvents::asData), serializer,
                        axon.upcasterChain())
                .forEach(message -> payloads.put(position(message), message.getPayload()));
        return payloads;
    }

    private static long position(TrackedEventMessage<?> message) {
        return message.trackingToken().position().orElse(-1);
    }

    private static TrackedDomainEventData<byte[]> asData(StoredEvent e) {
        return new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(e.position()), new GenericDomainEventEntry<>(
                e.aggregateType(), e.aggregateId(), e.sequence(), e.eventId(), e.timestamp(), e.payloadType(),
                e.payloadRevision(), e.payload(), e.metadata()));
    }
}
