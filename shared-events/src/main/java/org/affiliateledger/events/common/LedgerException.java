package org.affiliateledger.events.common;

/** A refusal the client can act on. The HTTP layer maps each kind to its status and a problem+json body. */
public abstract class LedgerException extends RuntimeException {
    protected LedgerException(String message) {
        super(message, null, false, false);
    }
}
