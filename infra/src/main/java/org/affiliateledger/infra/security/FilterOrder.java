package org.affiliateledger.infra.security;

import org.springframework.core.Ordered;

/**
 * The order requests pass the ledger's filters: request id (so every later log line and refusal carries it), size cap, then who is calling (the API-key filter also spends the
 * key's rate-limit budget), then replay of retried requests.
 */
public final class FilterOrder {
    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE + 50;
    /** Answers a database outage met by any later filter with 503 rather than the container's 500. */
    public static final int DATABASE_OUTAGE = REQUEST_ID + 10;
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 100;
    public static final int AUTHENTICATION = BODY_LIMIT + 10;
    public static final int IDEMPOTENCY = AUTHENTICATION + 10;
    /** The dashboard's session, CSRF and scope checks ({@code /ui} only, where no API key is sent). */
    public static final int UI_SESSION = AUTHENTICATION + 1;

    private FilterOrder() {
    }
}
