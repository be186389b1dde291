package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.common.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;

/**
 * Runs a reconciliation for a merchant at a cut of the event log: the cut asked for (never beyond the head), or the
 * head itself once the history index has settled it. Everything after that is a pure fold ({@link Reconciler}).
 */
@Component
public class Reconciliations {
    private final MerchantEvents events;
    private final ReconciliationCut cut;

    public Reconciliations(MerchantEvents events, ReconciliationCut cut) {
        this.events = events;
        this.cut = cut;
    }

    /** @param atPosition null: the head */
    public ReconciliationReport run(String merchantId, Instant from, Instant to, String currency, Long atPosition) {
        long head = cut.head();
        long position;
        if (atPosition == null) {
            // the head as the history index has settled it: a report at it is final (a moment behind under load)
            cut.awaitSettled(head);
            position = Math.min(head, cut.settledHead());
        } else {
            if (atPosition > head) {
                throw new InvalidRequestException("at_position " + atPosition + " is beyond the event log's head " + head
                        + ": a reconciliation can only be cut where the log has been").withCode("at_position_beyond_head");
            }
            if (!cut.awaitSettled(atPosition)) {
                throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "the history index has not settled position "
                        + atPosition + " yet; retry in a moment");
            }
            position = atPosition;
        }
        Reconciler reconciler = new Reconciler(from, to, currency);
        if (from == null && to == null) {
            events.read(merchantId, position, reconciler::accept); // the whole history is the period
        } else {
            // the period's resources and what their invariants need, not the merchant's whole history (see readPeriod)
            events.readPeriod(merchantId, position, from, to, reconciler::accept);
        }
        return reconciler.report(position);
    }
}
