package org.affiliateledger.events.common;

/** Malformed or out-of-range input (400). */
public class InvalidRequestException extends LedgerException {
    public InvalidRequestException(String message) {
        super(message);
    }

    @Override
    protected String defaultCode() {
        return "invalid_request";
    }
}
