package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.history.EventCatalogue;

import java.time.Instant;

/**
 * One event of the merchant's log as the reconciliation folds it: its global position, id, actor and effective time
 * (from the history index) and its payload (upcast and deserialized from the event table).
 */
public record LedgerEvent(long position, String eventId, String actor, Instant effectiveAt, Object payload) {

    /** The event's public type name ({@code commission.paid}), never a Java class name. */
    public String type() {
        return EventCatalogue.of(payload.getClass()).map(EventCatalogue.Entry::type).orElse("other");
    }

    EventRef ref() {
        return new EventRef(position, eventId, type());
    }
}
