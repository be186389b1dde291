package org.affiliateledger.infra.support;

import org.affiliateledger.infra.db.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server tests run against, chosen once per test JVM: {@code LEDGER_TEST_DB_URL} if given (a
 * superuser URL, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres), else a Testcontainers PostgreSQL
 * where Docker runs, else the ledger's own embedded PostgreSQL. Each caller gets a fresh database on it.
 */
public final class TestDatabase {
    public record Database(String url, String user, String password) {
    }

    private record Server(String adminUrl, String user, String password) {
    }

    /** Below surefire's 30 s fork exit timeout: a client that never disconnects does not keep the server running. */
    private static final Duration LAST_CLIENT_WAIT = Duration.ofSeconds(20);
    private static Server server;

    private TestDatabase() {
    }

    /**
     * A database of one test class's own, created on first use: for a test that needs a ledger of its own (a second
     * ledger on the shared database would also run the other tests' deadlines and processors).
     */
    public static final class Own {
        private Database database;

        public synchronized Database get() {
            if (database == null) {
                database = fresh();
            }
            return database;
        }
    }

    public static synchronized Database fresh() {
        Server s = server();
        String name = "ledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + s.adminUrl(), e);
        }
        return new Database(replaceDatabase(s.adminUrl(), name), s.user(), s.password());
    }

    private static Server server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    private static Server start() {
        String given = System.getenv("LEDGER_TEST_DB_URL");
        if (given != null && !given.isBlank()) {
            return new Server(given, System.getenv().getOrDefault("LEDGER_TEST_DB_USER", "postgres"),
                    System.getenv().getOrDefault("LEDGER_TEST_DB_PASSWORD", ""));
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:18-alpine");
            container.start();
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            // beside its binaries, where the account PostgreSQL runs as under root can reach it (target/ may be out of reach)
            Path dir = Files.createTempDirectory(EmbeddedPostgres.tempDirectory(), "ledger-test-pg-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            EmbeddedPostgres embedded = EmbeddedPostgres.start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAfterLastClient(embedded, dir), "test-database-stop"));
            return new Server(embedded.jdbcUrl("postgres"), embedded.user(), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * At JVM exit, Spring's own shutdown hook closes the cached test contexts while this one runs. Stopping the server
     * under them left their pools and event processors retrying against a dead server, which held the fork's exit for
     * seconds, up to surefire's 30 s exit timeout with many contexts; so the server stops once its last client has
     * disconnected (at once when no Spring application ran), then its files are removed: test runs leave nothing in
     * the temp folder.
     */
    private static void stopAfterLastClient(EmbeddedPostgres embedded, Path dir) {
        long deadline = System.nanoTime() + LAST_CLIENT_WAIT.toNanos();
        try (Connection c = DriverManager.getConnection(embedded.jdbcUrl("postgres"), embedded.user(), "")) {
            while (otherClients(c) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // polls a condition: the contexts' pools are closing
            }
        } catch (SQLException e) {
            // the server is already unreachable: nothing waits on it any more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // its files are deleted next: a crash stop skips the shutdown checkpoint (10 s here under load), which only
            // serves a next start
            embedded.stopImmediately();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FileSystemUtils.deleteRecursively(embedded.dataDirectory().toFile());
            FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }

    private static int otherClients(Connection c) throws SQLException {
        try (var result = c.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity "
                + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static String replaceDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }
}
