package org.affiliateledger.infra.db;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether a failure means "the database cannot be reached or dropped the connection" rather than a fault of the
 * request or of the ledger: no connection within {@code LEDGER_DB_CONNECT_TIMEOUT}, a refused or reset connection, a
 * server shutting down ({@code 57P01}–{@code 57P03}), or a statement or commit broken mid-flight. The cause chain is
 * searched, so Spring's and Axon's wrappers ({@code CommandExecutionException}, {@code EventStoreException},
 * {@code TransactionSystemException}…) are seen through. Such a request is answered 503 with {@code Retry-After};
 * whether its write was committed is unknown to the ledger, which is why the answer says a retry with the same
 * {@code Idempotency-Key} or {@code external_id} is safe.
 */
public final class DatabaseOutages {
    /** SQLSTATE class 08: connection exception; 57P0x: the server is shutting down, crashed, or cannot connect now. */
    private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    /** The pool's answer on a connection it closed after the driver reported a broken link (no SQLSTATE). */
    private static final String HIKARI_CLOSED = "Connection is closed";

    private DatabaseOutages() {
    }

    public static boolean isOutage(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof ConcurrencyFailureException) {
                return false; // a conflict between requests (409), not an outage
            }
            if (t instanceof CannotGetJdbcConnectionException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof TransientDataAccessException) {
                return true; // a transient resource failure or a query timeout: the same request may succeed shortly
            }
            if (t instanceof SQLException sql && (isOutageState(sql) || HIKARI_CLOSED.equals(sql.getMessage()))) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (isOutage(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isOutageState(SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && (state.startsWith("08") || OUTAGE_STATES.contains(state))) {
                return true;
            }
        }
        return false;
    }
}
