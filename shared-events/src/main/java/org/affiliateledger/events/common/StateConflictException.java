package org.affiliateledger.events.common;

/** A business rule refuses the change in the resource's current state (409). */
public class StateConflictException extends LedgerException {
    public StateConflictException(String message) {
        super(message);
    }

    @Override
    protected String defaultCode() {
        return "state_conflict";
    }
}
