package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.commission.CommissionClawedBack;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.payout.PayoutCreated;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The merchant's money events up to a position, oldest first: which ones from the history index (row-level security,
 * so only this merchant's), their payloads from the event table by those positions only. {@link #read} gives all of
 * them (an open period), batched; {@link #readPeriod} only those of the resources a bounded period touched.
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

    private static final String MONEY = "(resource_type IN ('conversion', 'commission', 'payout') OR type = 'program.stripe_activity_unmatched')";
    /** The resources with a money event effective in the period (history_events_money_effective, an index range). */
    private static final String TOUCHED = "SELECT position, resource_type, resource_id "
            + "FROM history_events WHERE merchant_id = ? AND position <= ? AND " + MONEY;
    /** Unmatched Stripe activity of the period, by its positions. */
    private static final String AT_POSITIONS = """
            SELECT position, event_id, actor, effective_at FROM history_events WHERE merchant_id = ? AND position = ANY (?)""";
    /** Every event of some resources up to the cut (history_events_resource: one index range per resource). */
    private static final String OF_RESOURCES = """
            SELECT position, event_id, actor, effective_at FROM history_events
            WHERE merchant_id = ? AND resource_id = ANY (?) AND position <= ?
              AND resource_type IN ('conversion', 'commission', 'payout')""";
    private static final int RESOURCES_PER_QUERY = 1_000;

    /**
     * The money events a bounded period's report needs, in position order: every event, up to {@code upTo}, of each
     * conversion, commission and payout with an event effective in the period, and of the resources those name —
     * transitively: a commission's conversion, payouts and clawback (or the commission a clawback takes back), a
     * payout's commissions, a conversion's commission — so every invariant of a resource in the report is checked on
     * its whole history and all it depends on; plus the period's unmatched Stripe activity.
     * <p>
     * How it scales: one index range of the history index for the period (by effective time), then one index range per
     * resource (batched {@value #RESOURCES_PER_QUERY} ids a query) and their payloads by position. The work is the
     * period's events plus those of the resources they reach (typically the earlier commissions a payout of the period
     * pays, and their sales) — not the merchant's history: a month costs the same in the first year and the tenth. The
     * resources reached are found only from events at or below the cut, so a report at a position is the same report
     * whenever it is asked.
     *
     * @param from, to the period by effective time, both inclusive (null: open on that side)
     */
    public void readPeriod(String merchantId, long upTo, Instant from, Instant to, Consumer<LedgerEvent> each) {
        Map<Long, LedgerEvent> events = new TreeMap<>();
        Set<String> reached = new HashSet<>();
        ArrayDeque<String> toRead = new ArrayDeque<>();
        List<Long> unmatched = new ArrayList<>();
        StringBuilder touched = new StringBuilder(TOUCHED);
        List<Object> params = new ArrayList<>(List.of(merchantId, upTo));
        if (from != null) {
            touched.append(" AND effective_at >= ?");
            params.add(SqlTime.of(from));
        }
        if (to != null) {
            touched.append(" AND effective_at <= ?");
            params.add(SqlTime.of(to));
        }
        reads.as(merchantId, jdbc -> {
            jdbc.sql(touched.toString()).params(params).query(rs -> {
                String resourceType = rs.getString("resource_type");
                if (MONEY_RESOURCES.contains(resourceType)) {
                    String id = rs.getString("resource_id");
                    if (reached.add(id)) {
                        toRead.add(id);
                    }
                } else {
                    unmatched.add(rs.getLong("position"));
                }
            });
            return null;
        });
        while (!toRead.isEmpty()) {
            List<String> ids = new ArrayList<>();
            while (!toRead.isEmpty() && ids.size() < RESOURCES_PER_QUERY) {
                ids.add(toRead.poll());
            }
            List<Indexed> rows = reads.as(merchantId, jdbc -> jdbc.sql(OF_RESOURCES)
                    .params(merchantId, ids.toArray(String[]::new), upTo)
                    .query((rs, n) -> new Indexed(rs.getLong("position"), rs.getString("event_id"), rs.getString("actor"),
                            SqlTime.instant(rs, "effective_at")))
                    .list());
            for (LedgerEvent event : load(rows, events)) {
                for (String id : related(event.payload())) {
                    if (id != null && reached.add(id)) {
                        toRead.add(id);
                    }
                }
            }
        }
        if (!unmatched.isEmpty()) {
            load(reads.as(merchantId, jdbc -> jdbc.sql(AT_POSITIONS).params(merchantId, unmatched.toArray(Long[]::new))
                    .query((rs, n) -> new Indexed(rs.getLong("position"), rs.getString("event_id"), rs.getString("actor"),
                            SqlTime.instant(rs, "effective_at")))
                    .list()), events);
        }
        events.values().forEach(each);
    }

    private static final Set<String> MONEY_RESOURCES = Set.of("conversion", "commission", "payout");

    /** The rows' events with their payloads, added to {@code events}; returns those newly added. */
    private List<LedgerEvent> load(List<Indexed> rows, Map<Long, LedgerEvent> events) {
        List<Indexed> fresh = rows.stream().filter(row -> !events.containsKey(row.position())).toList();
        List<LedgerEvent> added = new ArrayList<>(fresh.size());
        for (int start = 0; start < fresh.size(); start += BATCH) {
            List<Indexed> part = fresh.subList(start, Math.min(fresh.size(), start + BATCH));
            Map<Long, Object> payloads = payloads(part.stream().map(Indexed::position).toList());
            for (Indexed row : part) {
                Object payload = payloads.get(row.position());
                if (payload != null) {
                    LedgerEvent event = new LedgerEvent(row.position(), row.eventId(), row.actor(), row.effectiveAt(), payload);
                    events.put(row.position(), event);
                    added.add(event);
                }
            }
        }
        return added;
    }

    /** The other resources an event names, whose histories the invariants of its own resource depend on. */
    static List<String> related(Object payload) {
        if (payload instanceof ConversionRecorded e) {
            return Collections.singletonList(e.commissionId());
        } else if (payload instanceof CommissionCreated e) {
            return Arrays.asList(e.conversionId(), e.clawbackOf());
        } else if (payload instanceof CommissionClawedBack e) {
            return Collections.singletonList(e.clawbackCommissionId());
        } else if (payload instanceof CommissionIncludedInPayout e) {
            return Collections.singletonList(e.payoutId());
        } else if (payload instanceof CommissionReleasedFromPayout e) {
            return Collections.singletonList(e.payoutId());
        } else if (payload instanceof PayoutCreated e) {
            return e.commissionIds() == null ? List.of() : e.commissionIds();
        }
        return List.of();
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
