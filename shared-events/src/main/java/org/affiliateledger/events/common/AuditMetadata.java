package org.affiliateledger.events.common;

/**
 * Keys of the metadata every event carries beside its payload, so the history explains itself: who or what caused
 * it, for which request, and when it took effect in the world (which may be earlier than when it was recorded — a
 * Stripe refund that arrives late is effective at the refund's own {@code created}).
 */
public final class AuditMetadata {
    /** {@code api_key:<key id>}, {@code admin}, {@code stripe:<Stripe event id>}, {@code schedule}, {@code saga:<name>}, {@code system}; absent on events stored before actors were recorded ({@code unknown}). */
    public static final String ACTOR = "actor";
    /** The {@code X-Request-Id} of the HTTP request that caused the event, if any. */
    public static final String REQUEST_ID = "requestId";
    /** ISO-8601 instant at which the event took effect; absent means "when it was recorded" (the event's timestamp). */
    public static final String EFFECTIVE_AT = "effectiveAt";
    public static final String UNKNOWN_ACTOR = "unknown";

    private AuditMetadata() {
    }
}
