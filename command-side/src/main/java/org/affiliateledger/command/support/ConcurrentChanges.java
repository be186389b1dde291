package org.affiliateledger.command.support;

import org.affiliateledger.events.common.LedgerException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.sql.SQLException;
import java.util.function.Supplier;

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

    /**
     * Runs {@code send} (a command sent and waited for, a new command each call) up to {@code attempts} times while it
     * fails only because of a concurrent change; a domain refusal ({@link LedgerException}) is rethrown unwrapped.
     */
    public static <R> R retrying(int attempts, Supplier<R> send) {
        for (int attempt = 1; ; attempt++) {
            try {
                return send.get();
            } catch (CommandExecutionException e) {
                if (e.getCause() instanceof LedgerException ledger) {
                    throw ledger;
                }
                if (!isConcurrentChange(e) || attempt >= attempts) {
                    throw e;
                }
            } catch (LedgerException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!isConcurrentChange(e) || attempt >= attempts) {
                    throw e;
                }
            }
        }
    }
}
