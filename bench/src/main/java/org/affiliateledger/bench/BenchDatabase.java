package org.affiliateledger.bench;

import org.affiliateledger.infra.db.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one PostgreSQL of a run, the ledger's own embedded launcher on a fresh temporary cluster: the ledger gets the
 * {@code ledger} database, the raw JDBC baselines a {@code baseline} database beside it on the same server.
 */
final class BenchDatabase implements AutoCloseable {
    static final String LEDGER = "ledger";
    static final String BASELINE = "baseline";

    private final Path directory;
    private final EmbeddedPostgres postgres;

    private BenchDatabase(Path directory, EmbeddedPostgres postgres) {
        this.directory = directory;
        this.postgres = postgres;
    }

    static BenchDatabase start() throws IOException, SQLException {
        // world-traversable: as root the launcher runs PostgreSQL as an unprivileged account that must reach it
        Path directory = Files.createTempDirectory("ledger-bench-");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        EmbeddedPostgres postgres = EmbeddedPostgres.start(directory);
        BenchDatabase database = new BenchDatabase(directory, postgres);
        try (Connection c = database.connect(LEDGER); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + BASELINE);
        }
        return database;
    }

    String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    String user() {
        return postgres.user();
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user(), "");
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
