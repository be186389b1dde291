package org.affiliateledger.infra.consistency;

import org.affiliateledger.query.history.EventLog;
import org.affiliateledger.query.reconciliation.ReconciliationCut;
import org.springframework.stereotype.Component;

/** The reconciliation's cuts: the event log's head, and the positions the history index has settled. */
@Component
public class ReconciliationPositions implements ReconciliationCut {
    private final EventLog log;
    private final ReadModelPositions positions;

    public ReconciliationPositions(EventLog log, ReadModelPositions positions) {
        this.log = log;
        this.positions = positions;
    }

    @Override
    public long head() {
        return log.head();
    }

    @Override
    public long settledHead() {
        return Math.min(log.head(), positions.settledPosition());
    }

    @Override
    public boolean awaitSettled(long position) {
        return positions.awaitSettled(position);
    }
}
