package org.affiliateledger.query.support;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

    public TenantReads(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setReadOnly(true);
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
