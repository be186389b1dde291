package org.affiliateledger.infra.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jpa.SagaEntry;
import org.axonframework.modelling.saga.SagaStorageException;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;

/**
 * Axon's JDBC saga store (the tables and the schema Axon's Spring Boot configuration uses), storing a new saga and its
 * association values in one statement where Axon's store makes one per row: the commission lifecycle saga starts with
 * every commission, and its saga row and association row were two of the ~18 statements a conversion cost PostgreSQL.
 * Everything else (finding, loading, updating, deleting) is Axon's.
 */
final class LedgerSagaStore extends JdbcSagaStore {
    /** The saga row in a data-modifying CTE (PostgreSQL runs it whether or not the rest reads it), then its associations. */
    static final String INSERT_SAGA = """
            WITH saga AS (INSERT INTO sagaentry (sagaid, revision, sagatype, serializedsaga) VALUES (?, ?, ?, ?))
            INSERT INTO associationvalueentry (associationkey, associationvalue, sagatype, sagaid)
            SELECT association.key, association.value, ?, ? FROM unnest(?::varchar[], ?::varchar[]) AS association(key, value)
            """;

    private final ConnectionProvider connections;
    private final Serializer serializer;

    LedgerSagaStore(ConnectionProvider connections, Serializer serializer) {
        super(JdbcSagaStore.builder().connectionProvider(connections).sqlSchema(new GenericSagaSqlSchema()).serializer(serializer));
        this.connections = connections;
        this.serializer = serializer;
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
        SagaEntry<?> entry = new SagaEntry<>(saga, sagaIdentifier, serializer);
        String[] keys = associationValues.stream().map(AssociationValue::getKey).toArray(String[]::new);
        String[] values = associationValues.stream().map(AssociationValue::getValue).toArray(String[]::new);
        Connection connection = null;
        try {
            connection = connections.getConnection();
            try (PreparedStatement insert = connection.prepareStatement(INSERT_SAGA)) {
                insert.setString(1, entry.getSagaId());
                insert.setString(2, entry.getRevision());
                insert.setString(3, entry.getSagaType());
                insert.setBytes(4, entry.getSerializedSaga());
                // as Axon names the type of an association's saga: the serializer's name for the class
                insert.setString(5, serializer.typeForClass(sagaType).getName());
                insert.setString(6, sagaIdentifier);
                insert.setArray(7, connection.createArrayOf("varchar", keys));
                insert.setArray(8, connection.createArrayOf("varchar", values));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new SagaStorageException("Exception occurred while attempting to store a Saga Entry", e);
        } finally {
            JdbcUtils.closeQuietly(connection);
        }
    }
}
