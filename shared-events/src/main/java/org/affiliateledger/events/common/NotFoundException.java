package org.affiliateledger.events.common;

/** The resource does not exist for this merchant (404) — also what another merchant's id looks like. */
public class NotFoundException extends LedgerException {
    public NotFoundException(String kind, String id) {
        super(kind + " " + id + " not found");
    }
}
