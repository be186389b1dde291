package org.affiliateledger.events.common;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Keys of the metadata every event carries beside its payload, so the history explains itself: who or what caused
 * it, for which request, in which chain of causes, and when it took effect in the world (which may be earlier than
 * when it was recorded — a Stripe refund that arrives late is effective at the refund's own {@code created}).
 * <p>
 * The contract (README, "Audit"): every value is a string.
 * <ul>
 *   <li>{@value #ACTOR}: {@code api_key:<key id>}, {@code admin}, {@code stripe:<Stripe event id>}, {@code schedule}
 *   (the commission hold-period deadline), {@code saga:<name>} ({@code saga:commission-lifecycle},
 *   {@code saga:payout}) or {@code system}; absent on events stored before actors were recorded, which read as
 *   {@value #UNKNOWN_ACTOR}.</li>
 *   <li>{@value #REQUEST_ID}: the {@code X-Request-Id} of the HTTP request (API call or Stripe webhook) that caused
 *   the event, carried on to what sagas do in reaction; absent for deadline-caused events.</li>
 *   <li>{@value #EFFECTIVE_AT}: ISO-8601 instant at which the event took effect; absent means "when it was
 *   recorded" (the event's timestamp). Use {@link #effectiveAt(Map, Instant)} to read it.</li>
 *   <li>{@value #CORRELATION_ID}: the id of the first message of the chain the event belongs to (the same for
 *   every event one request, Stripe event or deadline set off).</li>
 *   <li>{@value #CAUSATION_ID}: the id of the event in the log whose handling caused this one (a saga's reaction,
 *   the deadline a commission's creation scheduled); for an event caused directly by a request or a Stripe event,
 *   the id of the command that request sent.</li>
 * </ul>
 */
public final class AuditMetadata {
    /** {@code api_key:<key id>}, {@code admin}, {@code stripe:<Stripe event id>}, {@code schedule}, {@code saga:<name>}, {@code system}; absent on events stored before actors were recorded ({@code unknown}). */
    public static final String ACTOR = "actor";
    /** The {@code X-Request-Id} of the HTTP request that caused the event, if any. */
    public static final String REQUEST_ID = "requestId";
    /** ISO-8601 instant at which the event took effect; absent means "when it was recorded" (the event's timestamp). */
    public static final String EFFECTIVE_AT = "effectiveAt";
    /** The id of the first message of the causal chain (Axon correlation data). */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the event (or, at the edge, the command) that caused this message (Axon correlation data). */
    public static final String CAUSATION_ID = "causationId";
    public static final String UNKNOWN_ACTOR = "unknown";
    /**
     * Request attribute an edge sets when the request acts for someone other than its API key (the Stripe webhook:
     * {@code stripe:<event id>}); commands dispatched while serving it carry that actor.
     */
    public static final String ACTOR_ATTRIBUTE = "org.affiliateledger.actor";

    /** Actor of the operator API ({@code /admin/v1}, the admin token). */
    public static final String ADMIN = "admin";
    /** Actor of the commission hold-period deadline. */
    public static final String SCHEDULE = "schedule";
    /** Actor of anything the ledger does on its own outside a request, a Stripe event, a saga or a deadline. */
    public static final String SYSTEM = "system";

    private AuditMetadata() {
    }

    public static String apiKey(String keyId) {
        return "api_key:" + keyId;
    }

    public static String stripe(String stripeEventId) {
        return "stripe:" + stripeEventId;
    }

    public static String saga(String name) {
        return "saga:" + name;
    }

    /** The actor recorded in {@code metadata}, or {@value #UNKNOWN_ACTOR} for events stored before actors were recorded. */
    public static String actorOf(Map<String, ?> metadata) {
        Object actor = metadata == null ? null : metadata.get(ACTOR);
        return actor == null ? UNKNOWN_ACTOR : actor.toString();
    }

    /** When the event took effect: its {@value #EFFECTIVE_AT} metadata, else {@code recordedAt} (the event's timestamp). */
    public static Instant effectiveAt(Map<String, ?> metadata, Instant recordedAt) {
        Object value = metadata == null ? null : metadata.get(EFFECTIVE_AT);
        if (value == null) {
            return recordedAt;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            return recordedAt;
        }
    }
}
