package org.affiliateledger.query.support;

import org.affiliateledger.events.common.AuditMetadata;
import org.axonframework.eventhandling.EventMessage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read model as a pure function of events: for each event type it handles, the row change the event makes. The
 * projector writes those changes to PostgreSQL; the as-of rebuild applies them in memory to the resource's events up to
 * an instant. One definition serves both, so they cannot disagree.
 */
public final class RowProjection {
    /** When an event was recorded (its timestamp) and when it took effect (its effectiveAt metadata, else recorded). */
    public record EventTime(Instant recorded, Instant effective) {
        public static EventTime of(EventMessage<?> event) {
            return new EventTime(event.getTimestamp(), AuditMetadata.effectiveAt(event.getMetaData(), event.getTimestamp()));
        }
    }

    public interface Rule<E> {
        RowChange change(E event, EventTime time);
    }

    private final Map<Class<?>, Rule<Object>> rules;

    private RowProjection(Map<Class<?>, Rule<Object>> rules) {
        this.rules = Map.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The change {@code event} makes, if this projection follows its type. */
    public Optional<RowChange> change(Object event, EventTime time) {
        Rule<Object> rule = rules.get(event.getClass());
        return rule == null ? Optional.empty() : Optional.of(rule.change(event, time));
    }

    public Optional<RowChange> change(EventMessage<?> event) {
        return rules.containsKey(event.getPayloadType()) ? change(event.getPayload(), EventTime.of(event)) : Optional.empty();
    }

    public Set<Class<?>> eventTypes() {
        return rules.keySet();
    }

    public static final class Builder {
        private final Map<Class<?>, Rule<Object>> rules = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        public <E> Builder on(Class<E> type, Rule<? super E> rule) {
            if (rules.put(type, (Rule<Object>) rule) != null) {
                throw new IllegalStateException(type.getSimpleName() + " has two rules");
            }
            return this;
        }

        public RowProjection build() {
            return new RowProjection(rules);
        }
    }
}
