package org.affiliateledger.infra.axon;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The transactions of the processors that keep derived tables (the read models, the balances and the history index):
 * they commit without waiting for their WAL to reach the disk ({@code SET LOCAL synchronous_commit TO OFF}).
 * <p>
 * Why it is safe: such a processor writes its rows and its token in one transaction, and everything it writes can be
 * derived again from the event store, whose appends keep waiting for the disk. A database crash can lose at most the
 * last few hundred milliseconds of these commits (PostgreSQL's {@code wal_writer_delay} times three); rows and token
 * are lost together, so after the restart the processor handles those events again from its older token. Nothing
 * acknowledged to a client is lost, and a read that sends back a write's position waits until the read models reach
 * it again. Processors with effects outside the database (sagas, the webhook outbox) keep synchronous commits.
 * <p>
 * Why: under W at 32 clients, PostgreSQL's backends spent half their time queued on the WAL write lock at COMMIT,
 * these processors' commits among them, holding pooled connections the request threads were waiting for.
 */
final class AsynchronousCommits implements TransactionManager {
    private final TransactionManager transactions;
    private final JdbcClient jdbc;

    AsynchronousCommits(TransactionManager transactions, JdbcClient jdbc) {
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = transactions.startTransaction();
        try {
            jdbc.sql("SET LOCAL synchronous_commit TO OFF").update();
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
