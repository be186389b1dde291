package org.affiliateledger.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's own limit on this machine, measured with nothing between the client and the server but the JDBC
 * driver: the same server, durability settings and client-side CPU budget the ledger gets.
 */
final class Baselines {
    /** About the size of a conversion row, so the baseline writes comparable bytes. */
    private static final String PAYLOAD = "x".repeat(200);

    private final BenchDatabase database;

    Baselines(BenchDatabase database) {
        this.database = database;
    }

    void createScratchTable() throws SQLException {
        try (Connection c = database.connect(BenchDatabase.BASELINE); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS scratch");
            s.execute("CREATE TABLE scratch (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
    }

    /** One INSERT per transaction (autocommit), {@code clients} connections inserting back to back. */
    ClosedLoop.Run singleRowInserts(int clients, Duration duration) {
        return ClosedLoop.run(clients, duration, i -> new ClosedLoop.Operation() {
            final Connection connection = open();
            final PreparedStatement insert = prepare(connection, "INSERT INTO scratch (payload) VALUES (?)");

            @Override
            public void call() throws SQLException {
                insert.setString(1, PAYLOAD);
                insert.executeUpdate();
            }

            @Override
            public void close() {
                closeQuietly(connection);
            }
        });
    }

    /** Rows per second inserted by one connection in JDBC batches of {@code batchSize}, one transaction per batch. */
    double batchedInserts(int rows, int batchSize) throws SQLException {
        try (Connection c = open(); PreparedStatement insert = c.prepareStatement("INSERT INTO scratch (payload) VALUES (?)")) {
            c.setAutoCommit(false);
            long started = System.nanoTime();
            for (int done = 0; done < rows; ) {
                int batch = Math.min(batchSize, rows - done);
                for (int i = 0; i < batch; i++) {
                    insert.setString(1, PAYLOAD);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
                done += batch;
            }
            return rows / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** Rows per second of repeated batched-insert runs. */
    List<Double> batchedInsertRuns(int runs, int rows, int batchSize) throws SQLException {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            rates.add(batchedInserts(rows, batchSize));
        }
        return rates;
    }

    private Connection open() {
        try {
            return database.connect(BenchDatabase.BASELINE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql) {
        try {
            return connection.prepareStatement(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the run is over
        }
    }
}
