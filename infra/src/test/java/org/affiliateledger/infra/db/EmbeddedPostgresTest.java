package org.affiliateledger.infra.db;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedPostgresTest {

    private final List<Path> dataDirectories = new ArrayList<>();

    @AfterEach
    void removeDataDirectories() throws InterruptedException {
        for (Path data : dataDirectories) {
            stopLeftoverPostmaster(data);
            deleteQuietly(data);
        }
    }

    @Test
    void keepsDataAcrossRestarts() throws Exception {
        Path data = newDataDirectory();
        try (EmbeddedPostgres first = EmbeddedPostgres.start(data)) {
            execute(first, "CREATE TABLE commission (id int PRIMARY KEY, amount_cents bigint)",
                    "INSERT INTO commission VALUES (1, 1250)");
        }
        try (EmbeddedPostgres second = EmbeddedPostgres.start(data)) {
            assertThat(queryString(second, "SELECT amount_cents FROM commission WHERE id = 1")).isEqualTo("1250");
        }
    }

    @Test
    void runsWithSynchronousCommitOnAndOnlyOnLoopback() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(newDataDirectory())) {
            assertThat(queryString(postgres, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(queryString(postgres, "SHOW fsync")).isEqualTo("on");
            assertThat(queryString(postgres, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(postgres.jdbcUrl("ledger")).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/ledger");
        }
    }

    @Test
    void eachInstanceReachesItsOwnServerAndNeverAnotherOne() throws Exception {
        Path firstData = newDataDirectory();
        Path secondData = newDataDirectory();
        try (EmbeddedPostgres first = EmbeddedPostgres.start(firstData);
             EmbeddedPostgres second = EmbeddedPostgres.start(secondData)) {
            assertThat(first.port()).isNotEqualTo(second.port()).isNotEqualTo(5432);
            assertThat(second.port()).isNotEqualTo(5432);
            assertThat(queryString(first, "SHOW data_directory")).isEqualTo(firstData.resolve("pg").toRealPath().toString());
            assertThat(queryString(second, "SHOW data_directory")).isEqualTo(secondData.resolve("pg").toRealPath().toString());

            execute(first, "CREATE TABLE only_in_first (id int)");
            assertThat(queryString(second, "SELECT to_regclass('only_in_first')::text")).isNull();
        }
    }

    @Test
    void recoversAfterThePreviousProcessWasKilled() throws Exception {
        Path data = newDataDirectory();
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), EmbeddedPostgresChild.class.getName(), data.toString())
                .redirectErrorStream(true)
                .start();
        try {
            awaitReady(child);
        } finally {
            child.destroyForcibly().waitFor();
        }
        long orphan = postmasterPid(data).orElseThrow();
        assertThat(servesCluster(orphan, data)).as("the postmaster outlives the JVM killed with kill -9").isTrue();

        EmbeddedPostgres postgres = EmbeddedPostgres.start(data); // a start blocked by the orphan throws
        try (postgres) {
            assertThat(queryString(postgres, "SELECT note FROM written_by_child")).isEqualTo(EmbeddedPostgresChild.NOTE);
            assertThat(postmasterPid(data)).isPresent().hasValueSatisfying(pid -> assertThat(pid).isNotEqualTo(orphan));
        }
        assertThat(servesCluster(orphan, data)).as("the orphaned postmaster was stopped").isFalse();
        assertThat(postmasterPid(data)).as("no postmaster left running").isEmpty();
    }

    @Test
    void runsThePostgresProcessesUnprivilegedWhenStartedAsRoot() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "only meaningful when the tests run as root");
        Path data = newDataDirectory();
        try (EmbeddedPostgres ignored = EmbeddedPostgres.start(data)) {
            long pid = postmasterPid(data).orElseThrow();
            String uidLine = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .findFirst().orElseThrow();
            // real, effective, saved and filesystem uid
            assertThat(Arrays.asList(uidLine.split("\\s+")).subList(1, 5)).doesNotContain("0");
        }
    }

    /**
     * Root in a clone inside /root: the account PostgreSQL runs as cannot reach the data directory, so the cluster lives
     * in a directory of its own under the relocation base, owned by that account, found again on every start.
     */
    @Test
    void placesTheClusterWhereTheUnprivilegedAccountCanReachItWhenRootsDataDirectoryIsNot() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "only meaningful when the tests run as root");
        Path data = dataDirectoryUnderAPrivateParent();
        Path base = newDataDirectory();
        Path home;
        try (EmbeddedPostgres first = EmbeddedPostgres.start(data, "nobody", base)) {
            execute(first, "CREATE TABLE kept (n int)", "INSERT INTO kept VALUES (7)");
            Path cluster = Path.of(queryString(first, "SHOW data_directory"));
            home = cluster.getParent();
            dataDirectories.add(home);
            assertThat(cluster).startsWith(base).endsWith(Path.of("pg"));
            assertThat(Files.readString(data.resolve("pg-location")).strip()).isEqualTo(home.toString());
            assertThat(Files.getOwner(home).getName()).isEqualTo("nobody");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
            assertThat(data.resolve("pg")).doesNotExist();
        }
        try (EmbeddedPostgres second = EmbeddedPostgres.start(data, "nobody", base)) {
            assertThat(queryString(second, "SELECT n FROM kept")).isEqualTo("7");
            assertThat(Path.of(queryString(second, "SHOW data_directory"))).isEqualTo(home.resolve("pg"));
        }
    }

    @Test
    void aRelocatedClusterRecoversAfterThePreviousProcessWasKilled() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "only meaningful when the tests run as root");
        Path data = dataDirectoryUnderAPrivateParent();
        Path base = newDataDirectory();
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), EmbeddedPostgresChild.class.getName(), data.toString(), base.toString())
                .redirectErrorStream(true)
                .start();
        try {
            awaitReady(child);
        } finally {
            child.destroyForcibly().waitFor();
        }
        Path home = Path.of(Files.readString(data.resolve("pg-location")).strip());
        dataDirectories.add(home);
        long orphan = postmasterPid(home).orElseThrow();
        assertThat(servesCluster(orphan, home)).as("the postmaster outlives the JVM killed with kill -9").isTrue();

        EmbeddedPostgres postgres = EmbeddedPostgres.start(data, "nobody", base); // a start blocked by the orphan throws
        try (postgres) {
            assertThat(queryString(postgres, "SELECT note FROM written_by_child")).isEqualTo(EmbeddedPostgresChild.NOTE);
        }
        assertThat(servesCluster(orphan, home)).as("the orphaned postmaster was stopped").isFalse();
    }

    @Test
    void refusesToStartAnEmptyClusterElsewhereWhenAnExistingOneIsUnreachable() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "only meaningful when the tests run as root");
        Path data = dataDirectoryUnderAPrivateParent();
        Files.createDirectories(data.resolve("pg"));
        Path base = newDataDirectory();
        assertThatThrownBy(() -> EmbeddedPostgres.start(data, "nobody", base)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot reach the existing cluster");
        try (Stream<Path> relocated = Files.list(base)) {
            assertThat(relocated).as("nothing was created in the relocation base").isEmpty();
        }
    }

    /** A data directory inside a directory only root can enter, as a clone inside /root is. */
    private Path dataDirectoryUnderAPrivateParent() throws IOException {
        Path privateParent = newDataDirectory();
        Files.setPosixFilePermissions(privateParent, PosixFilePermissions.fromString("rwx------"));
        return privateParent.resolve("clone").resolve("data");
    }

    /** Beside the binaries and world-traversable, so the unprivileged account the server runs as can reach it. */
    private Path newDataDirectory() throws IOException {
        Path data = Files.createTempDirectory(EmbeddedPostgres.tempDirectory(), "ledger-pg-test-").toRealPath();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        dataDirectories.add(data);
        return data;
    }

    private static void awaitReady(Process child) throws Exception {
        List<String> output = new ArrayList<>();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    output.add(line);
                    if (line.startsWith("READY ")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(ready.get(2, TimeUnit.MINUTES)).as("child output: %s", output).isTrue();
    }

    private static Optional<Long> postmasterPid(Path data) throws IOException {
        Path pidFile = data.resolve("pg").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
    }

    /** By the command line: a zombie waiting to be reaped still counts as alive for ProcessHandle, and pids get reused. */
    private static boolean servesCluster(long pid, Path data) {
        String cluster = data.resolve("pg").toAbsolutePath().toString();
        return ProcessHandle.of(pid)
                .flatMap(process -> process.info().arguments())
                .map(arguments -> Arrays.asList(arguments).contains(cluster))
                .orElse(false);
    }

    private static void execute(EmbeddedPostgres postgres, String... statements) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryString(EmbeddedPostgres postgres, String sql) throws SQLException {
        try (Connection connection = connect(postgres);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from %s", sql).isTrue();
            return result.getString(1);
        }
    }

    private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("ledger"), postgres.user(), null);
    }

    /** Only after a failed test: a postmaster must not outlive the test run. */
    private static void stopLeftoverPostmaster(Path data) throws InterruptedException {
        try {
            Optional<ProcessHandle> postmaster = postmasterPid(data).flatMap(ProcessHandle::of)
                    .filter(process -> servesCluster(process.pid(), data));
            if (postmaster.isEmpty()) {
                return;
            }
            postmaster.get().destroy();
            for (int i = 0; i < 100 && servesCluster(postmaster.get().pid(), data); i++) {
                Thread.sleep(100);
            }
            postmaster.get().destroyForcibly();
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: it lives in the temp directory
        }
    }
}
