package org.affiliateledger.command.support;

import org.axonframework.modelling.command.ConcurrencyException;

import java.sql.SQLException;

/**
 * Two commands changed the same aggregate at the same moment: the event store's unique (aggregate, sequence) key
 * refused the second append. Axon reports that as a {@link ConcurrencyException} or, from the JDBC engine without an
 * exception resolver, as an {@code EventStoreException} caused by PostgreSQL's unique violation (SQLSTATE 23505).
 * Either way the command changed nothing and may simply be retried.
 */
public final class ConcurrentChanges {
    private static final String UNIQUE_VIOLATION = "23505";

    private ConcurrentChanges() {
    }

    public static boolean isConcurrentChange(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
