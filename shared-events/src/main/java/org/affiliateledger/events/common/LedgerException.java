package org.affiliateledger.events.common;

/**
 * A refusal the client can act on. The HTTP layer maps each kind to its status and a problem+json body whose
 * {@code code} is stable and machine-readable (clients branch on codes, not on English): each kind has a default
 * code, and a refusal that a client may want to tell apart names its own with {@link #withCode(String)}.
 */
public abstract class LedgerException extends RuntimeException {
    private String code;

    protected LedgerException(String message) {
        super(message, null, false, false);
    }

    /** A stable snake_case code such as {@code duplicate_external_id}; returns this exception for {@code throw}. */
    public LedgerException withCode(String code) {
        this.code = code;
        return this;
    }

    /** The refusal's code: the one given, or the default of its kind. */
    public String code() {
        return code != null ? code : defaultCode();
    }

    protected abstract String defaultCode();
}
