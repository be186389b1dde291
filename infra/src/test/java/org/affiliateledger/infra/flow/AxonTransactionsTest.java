package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's work runs in real database transactions: a command's events commit together with its uniqueness claim, and
 * an event processor's rows with its token (regression: under Spring Boot 4, Axon's auto-configuration silently fell
 * back to no transactions at all, and every statement committed on its own).
 */
class AxonTransactionsTest extends LedgerIntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionManager axonTransactions;

    @Test
    void aConversionsEventsAndItsExternalIdClaimCommitInOneTransaction() {
        String key = onboardMerchant("One transaction");
        String affiliate = activeAffiliate(key, "Atomic Affiliate");

        String conversion = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 1000, \"external_id\": \"atomic-1\"}").text("id");

        // xmin is the id of the transaction that wrote the row
        String claim = jdbc.sql("SELECT xmin::text FROM unique_claim WHERE owner_id = ?").param(conversion).query(String.class).single();
        var events = jdbc.sql("""
                        SELECT DISTINCT xmin::text FROM domainevententry
                        WHERE aggregateidentifier = ? OR convert_from(payload, 'UTF8') LIKE ?""")
                .params(conversion, "%\"conversionId\":\"" + conversion + "\"%")
                .query(String.class).list();
        assertThat(events).containsExactly(claim);
    }

    @Test
    void axonWorkRunsInsideASpringTransaction() {
        AtomicBoolean active = new AtomicBoolean();

        axonTransactions.executeInTransaction(() -> active.set(TransactionSynchronizationManager.isActualTransactionActive()));

        assertThat(active).isTrue();
    }
}
