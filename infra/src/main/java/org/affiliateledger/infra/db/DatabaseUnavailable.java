package org.affiliateledger.infra.db;

import org.affiliateledger.infra.web.ProblemCodes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The answer to a request the database could not serve (see {@link DatabaseOutages}): 503, {@code Retry-After}, and
 * the stable code {@code database_unavailable}. Built in one place for the MVC exception handler and the outage filter.
 */
public final class DatabaseUnavailable {
    /** Seconds a client should wait before retrying; a restarted PostgreSQL is usually back within a few. */
    public static final int RETRY_AFTER_SECONDS = 5;
    public static final String DETAIL = "the ledger's database is unreachable right now; retry after " + RETRY_AFTER_SECONDS
            + " seconds. Whether this request was recorded is not known: retrying with the same Idempotency-Key (or the "
            + "same external_id) is safe and records it at most once";

    private DatabaseUnavailable() {
    }

    public static ProblemDetail problem() {
        return ProblemCodes.withCode(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DETAIL),
                "database_unavailable");
    }
}
