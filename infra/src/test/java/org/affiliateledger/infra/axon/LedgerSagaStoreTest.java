package org.affiliateledger.infra.axon;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.affiliateledger.infra.axon.StorageTestSupport.countingStatements;
import static org.affiliateledger.infra.axon.StorageTestSupport.rolledBack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's saga store writes a new saga as Axon's JDBC store does — Axon's store finds and loads it with the same
 * associations — in one statement instead of one per row. (Rolled back: the sagas are the test's own.)
 */
class LedgerSagaStoreTest extends LedgerIntegrationTest {
    /** A saga as the store sees it: any object its serializer can write. */
    public record TestSaga(String commissionId, int attempts) {
    }

    @Autowired
    SagaStore<Object> sagaStore;
    @Autowired
    ConnectionProvider connections;
    @Autowired
    TransactionManager transactions;
    @Autowired
    Serializer serializer;

    @Test
    void storesANewSagaWithItsAssociationsInOneStatement() throws Exception {
        AtomicInteger statements = new AtomicInteger();
        LedgerSagaStore counted = new LedgerSagaStore(countingStatements(connections, statements), serializer);
        JdbcSagaStore axon = JdbcSagaStore.builder().connectionProvider(connections).sqlSchema(new GenericSagaSqlSchema())
                .serializer(serializer).build();
        String id = "saga-" + UUID.randomUUID();
        String commission = "com_" + UUID.randomUUID();
        String message = "msg_" + UUID.randomUUID();
        Set<AssociationValue> associations = Set.of(new AssociationValue("commissionId", commission),
                new AssociationValue("messageId", message));
        rolledBack(transactions, unitOfWork -> {
            counted.insertSaga(TestSaga.class, id, new TestSaga(commission, 2), associations);
            assertThat(statements).hasValue(1);

            assertThat(axon.findSagas(TestSaga.class, new AssociationValue("commissionId", commission))).containsExactly(id);
            assertThat(axon.findSagas(TestSaga.class, new AssociationValue("messageId", message))).containsExactly(id);
            SagaStore.Entry<TestSaga> loaded = axon.loadSaga(TestSaga.class, id);
            assertThat(loaded.saga()).isEqualTo(new TestSaga(commission, 2));
            assertThat(loaded.associationValues()).containsExactlyInAnyOrderElementsOf(associations);
            return null;
        });
    }

    @Test
    void storesASagaWithoutAssociations() throws Exception {
        String id = "saga-" + UUID.randomUUID();
        rolledBack(transactions, unitOfWork -> {
            sagaStore.insertSaga(TestSaga.class, id, new TestSaga("none", 0), Set.of());
            SagaStore.Entry<TestSaga> loaded = sagaStore.loadSaga(TestSaga.class, id);
            assertThat(loaded.saga()).isEqualTo(new TestSaga("none", 0));
            assertThat(loaded.associationValues()).isEmpty();
            return null;
        });
    }

    @Test
    void isTheStoreTheSagasUse() {
        assertThat(sagaStore).isInstanceOf(LedgerSagaStore.class);
    }
}
