package org.affiliateledger.query.reconciliation;

/**
 * Where a reconciliation may cut the event log. Implemented by the application, which knows the event store and how
 * far the history index has read it.
 */
public interface ReconciliationCut {
    /** The highest global position of the event log (0 when it is empty). */
    long head();

    /**
     * The highest position at or below which the history index holds every event and no lower position can still
     * appear (no open gap): a report there is final. At most {@link #head()}.
     */
    long settledHead();

    /** Waits (bounded) until {@link #settledHead()} reaches {@code position}; false when the bound ran out first. */
    boolean awaitSettled(long position);
}
