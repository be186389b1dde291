package org.affiliateledger.infra.axon;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processors of derived tables commit without waiting for the disk; commands, sagas and the webhook outbox (whose
 * effects reach beyond the database) keep waiting, and so does everything after a derived table's transaction.
 */
class AsynchronousCommitsTest extends LedgerIntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionManager axonTransactions;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void derivedTablesCommitAsynchronouslyAndEverythingElseSynchronously() {
        for (String processor : List.of(AxonConfig.SHARED_PROCESSOR, "balances", "history")) {
            assertThat(synchronousCommitIn(processing.transactionManager(processor))).as(processor).isEqualTo("off");
        }
        for (String processor : List.of("CommissionLifecycleSagaProcessor", "PayoutSagaProcessor", "webhook-outbox")) {
            assertThat(synchronousCommitIn(processing.transactionManager(processor))).as(processor).isEqualTo("on");
        }
        assertThat(synchronousCommitIn(axonTransactions)).as("commands").isEqualTo("on");
    }

    @Test
    void theSettingEndsWithTheTransaction() {
        assertThat(synchronousCommitIn(processing.transactionManager(AxonConfig.SHARED_PROCESSOR))).isEqualTo("off");
        // the pool hands the connection out again (Hikari prefers the one this thread returned last): nothing was left on it
        assertThat(axonTransactions.fetchInTransaction(() -> jdbc.sql("SHOW synchronous_commit").query(String.class).single()))
                .isEqualTo("on");
        assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
    }

    private String synchronousCommitIn(TransactionManager transactions) {
        return transactions.fetchInTransaction(() -> jdbc.sql("SHOW synchronous_commit").query(String.class).single());
    }
}
