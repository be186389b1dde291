package org.affiliateledger.infra.security;

import org.springframework.core.Ordered;

/** The order requests pass the ledger's filters: size cap, who is calling, how often, then replay of retries. */
public final class FilterOrder {
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 100;
    public static final int AUTHENTICATION = BODY_LIMIT + 10;
    public static final int RATE_LIMIT = AUTHENTICATION + 10;
    public static final int IDEMPOTENCY = RATE_LIMIT + 10;

    private FilterOrder() {
    }
}
