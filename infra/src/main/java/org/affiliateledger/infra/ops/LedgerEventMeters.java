package org.affiliateledger.infra.ops;

import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.history.EventCatalogue;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Counts ledger meters from the events themselves rather than from the code that decides them: conversions by
 * source, commission transitions by kind. A subscribing processor on the node that wrote the events, counted once the
 * transaction has committed (a refused or rolled-back command counts nothing); never replayed, so a rebuild does not
 * count history again. Each node counts what it wrote: sum over nodes.
 */
@Component
@ProcessingGroup(LedgerEventMeters.GROUP)
public class LedgerEventMeters {
    public static final String GROUP = "ledger-metrics";
    private static final String COMMISSION_PREFIX = EventCatalogue.COMMISSION + ".";

    private final LedgerMeters meters;

    public LedgerEventMeters(LedgerMeters meters) {
        this.meters = meters;
    }

    @EventHandler
    void on(ConversionRecorded event) {
        String source = event.source() == null ? "unknown" : event.source().wireName();
        afterCommit(() -> meters.conversionRecorded(source));
    }

    /** Every commission event: its public type names the transition ({@code commission.approved} → {@code approved}). */
    @EventHandler
    void on(Object event) {
        EventCatalogue.of(event.getClass())
                .filter(entry -> EventCatalogue.COMMISSION.equals(entry.resourceType()) && entry.type().startsWith(COMMISSION_PREFIX))
                .ifPresent(entry -> {
                    String kind = entry.type().substring(COMMISSION_PREFIX.length());
                    afterCommit(() -> meters.commissionTransition(kind));
                });
    }

    private static void afterCommit(Runnable count) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> count.run());
        } else {
            count.run();
        }
    }
}
