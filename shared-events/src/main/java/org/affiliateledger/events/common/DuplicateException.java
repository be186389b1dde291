package org.affiliateledger.events.common;

/** Something that must be unique per merchant was already taken (409). */
public class DuplicateException extends LedgerException {
    public DuplicateException(String message) {
        super(message);
    }

    @Override
    protected String defaultCode() {
        return "duplicate";
    }
}
