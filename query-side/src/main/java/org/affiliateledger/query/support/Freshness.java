package org.affiliateledger.query.support;

/**
 * Read-your-writes for reads by id: a resource the caller was just told exists may not be in its read model yet (the
 * projections follow the event store by milliseconds). Implemented by the application, which knows the event store.
 */
public interface Freshness {
    /**
     * When {@code aggregateId} names something the event store holds, waits (bounded) until the read models have
     * processed its creation and answers true; answers false at once when the event store knows no such id.
     */
    boolean awaitCreation(String aggregateId);

    /**
     * Waits (bounded) until the read models have processed everything the event store held when this was called; for a
     * read that found nothing and has no aggregate id to wait for (a payout batch is its payouts' shared id).
     */
    boolean awaitEverythingWritten();
}
