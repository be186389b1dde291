package org.affiliateledger.query.support;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read-model queries for one merchant, in a read-only transaction that has switched to the {@code ledger_reader}
 * role and set {@code app.merchant_id}: PostgreSQL's row-level security then hides every other merchant's rows,
 * whatever the SQL says. Both settings are transaction-local, so nothing leaks into the pooled connection.
 */
@Component
public class TenantReads {
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ObjectProvider<Freshness> freshness;

    public TenantReads(JdbcClient jdbc, PlatformTransactionManager transactionManager, ObjectProvider<Freshness> freshness) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setReadOnly(true);
        this.freshness = freshness;
    }

    /**
     * A read by id that never answers "not found" for a resource just created: when the row is missing but the event
     * store holds {@code aggregateId}, it waits (bounded, outside any transaction) for the read models to process its
     * creation and reads again. An id the event store does not know is answered at once.
     */
    public <T> Optional<T> one(String merchantId, String aggregateId, Function<JdbcClient, Optional<T>> query) {
        Optional<T> found = as(merchantId, query);
        if (found.isPresent()) {
            return found;
        }
        Freshness wait = freshness.getIfAvailable();
        if (wait == null || !wait.awaitCreation(aggregateId)) {
            return found;
        }
        return as(merchantId, query);
    }

    /**
     * A read of rows several writes share (no aggregate id names them): when it finds none, it waits (bounded) for the
     * read models to process everything already written and reads again.
     */
    public <T> List<T> all(String merchantId, Function<JdbcClient, List<T>> query) {
        List<T> found = as(merchantId, query);
        if (!found.isEmpty()) {
            return found;
        }
        Freshness wait = freshness.getIfAvailable();
        if (wait == null || !wait.awaitEverythingWritten()) {
            return found;
        }
        return as(merchantId, query);
    }

    public <T> T as(String merchantId, Function<JdbcClient, T> query) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT set_config('role', 'ledger_reader', true), set_config('app.merchant_id', ?, true)")
                    .param(merchantId)
                    .query((rs, n) -> null)
                    .list();
            return query.apply(jdbc);
        });
    }
}
