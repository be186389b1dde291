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

    private static Server server;

    private TestDatabase() {
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
            Path dir = Files.createTempDirectory("ledger-test-pg-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            EmbeddedPostgres embedded = EmbeddedPostgres.start(dir);
            // stop the server, then remove its files (and a relocated cluster, as root): test runs leave nothing in the temp folder
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                embedded.close();
                FileSystemUtils.deleteRecursively(embedded.dataDirectory().toFile());
                FileSystemUtils.deleteRecursively(dir.toFile());
            }));
            return new Server(embedded.jdbcUrl("postgres"), embedded.user(), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replaceDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }
}
