package org.affiliateledger.query.support;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The global position of the event a projector is handling. The tracking token's position is that position for every
 * event but one kind: an event committed late into a gap (its transaction took its position before, and committed
 * after, later ones). Axon then removes the gap from the token but leaves the token's index at the highest position
 * seen, so {@code token.position()} names a later event — which, keyed by position, would overwrite or drop a row.
 * <p>
 * {@link #of} is for a handler that sees every event of a one-segment processor (the history index): a token whose
 * index did not move since the previous event on this thread is such a gap fill, as is the first event a thread sees;
 * for those the position is read from the event table by the event's id (one indexed lookup), every other event costs
 * nothing extra. {@link #exact} always looks it up, for handlers that see only some events. Tokens without gaps (Axon
 * Server's) always carry the exact position.
 */
@Component
public class EventPositions {
    private static final ThreadLocal<Long> LAST_INDEX = new ThreadLocal<>();

    private final JdbcClient jdbc;

    public EventPositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Only for a handler of every event in a one-segment processor (see the class comment). */
    public long of(EventMessage<?> message, TrackingToken token) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (!(current instanceof GapAwareTrackingToken gapAware)) {
            return current == null ? 0 : current.position().orElse(0);
        }
        long index = gapAware.getIndex();
        Long last = LAST_INDEX.get();
        LAST_INDEX.set(index);
        if (last != null && last != index) {
            return index;
        }
        return lookUp(message, index);
    }

    /**
     * An SQL expression for the event's position, for a statement that writes it: the lookup by the event's id runs in
     * that statement instead of a round trip of its own (parameters: {@link #lookUpParameters}). Only for tokens that
     * {@link #mayNameALaterEvent may name a later event}, whose event table is this database's.
     */
    public static final String POSITION_LOOKUP = "COALESCE((SELECT globalindex FROM domainevententry WHERE eventidentifier = ?), ?)";

    /** True when the token's position may be a later event's (gap-aware tokens: see the class comment). */
    public static boolean mayNameALaterEvent(TrackingToken token) {
        return token != null && WrappedToken.unwrapLowerBound(token) instanceof GapAwareTrackingToken;
    }

    /** The parameters of {@link #POSITION_LOOKUP}: the event's id, then the token's index for an event not found. */
    public static Object[] lookUpParameters(EventMessage<?> message, TrackingToken token) {
        return new Object[]{message.getIdentifier(), ((GapAwareTrackingToken) WrappedToken.unwrapLowerBound(token)).getIndex()};
    }

    /** The event's position, read from the event table whenever the token may name a later event. */
    public long exact(EventMessage<?> message, TrackingToken token) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (!(current instanceof GapAwareTrackingToken gapAware)) {
            return current == null ? 0 : current.position().orElse(0);
        }
        return lookUp(message, gapAware.getIndex());
    }

    private long lookUp(EventMessage<?> message, long fallback) {
        return jdbc.sql("SELECT globalindex FROM domainevententry WHERE eventidentifier = ?")
                .param(message.getIdentifier())
                .query(Long.class)
                .optional()
                .orElse(fallback);
    }
}
