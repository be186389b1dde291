package org.affiliateledger.infra.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

/** For the storage tests: statements counted as they are prepared, and work in a unit of work that is rolled back. */
final class StorageTestSupport {
    /** Work done inside a unit of work, with its result. */
    interface Work<T> {
        T run(UnitOfWork<?> unitOfWork) throws Exception;
    }

    private StorageTestSupport() {
    }

    /** {@code connections}, counting in {@code statements} every statement prepared or created on its connections. */
    static ConnectionProvider countingStatements(ConnectionProvider connections, AtomicInteger statements) {
        return () -> {
            Connection connection = connections.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
                            statements.incrementAndGet();
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        };
    }

    /** Runs {@code work} in a unit of work with a transaction, then rolls both back: what it wrote is the test's own. */
    static <T> T rolledBack(TransactionManager transactions, Work<T> work) throws Exception {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        try {
            return work.run(unitOfWork);
        } finally {
            unitOfWork.rollback();
        }
    }
}
