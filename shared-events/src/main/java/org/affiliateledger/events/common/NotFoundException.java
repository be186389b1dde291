package org.affiliateledger.events.common;

/** The resource does not exist for this merchant (404) — also what another merchant's id looks like. */
public class NotFoundException extends LedgerException {
    public NotFoundException(String kind, String id) {
        super(kind + " " + id + " not found");
    }

    /** When "kind id not found" would not say what to do (a public link without a landing URL, say). */
    public NotFoundException(String detail) {
        super(detail);
    }

    @Override
    protected String defaultCode() {
        return "not_found";
    }
}
