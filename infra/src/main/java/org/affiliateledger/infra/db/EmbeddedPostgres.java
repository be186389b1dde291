package org.affiliateledger.infra.db;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A PostgreSQL server whose cluster lives in {@code <dataDirectory>/pg}: the ledger's zero-configuration database.
 * <p>
 * It runs the binaries zonky ships, but drives initdb and pg_ctl itself rather than through zonky's launcher:
 * PostgreSQL refuses to run as root (CI, containers), so when this process is root the server runs as an
 * unprivileged account ({@code nobody}, or {@value #ACCOUNT_SETTING}). The server is started with pg_ctl, so it
 * outlives a JVM killed with {@code kill -9}; the next start stops such an orphan before starting its own.
 * <p>
 * When the process is root and that account cannot reach the data directory (a clone inside {@code /root}, which is
 * not traversable by other accounts), the cluster lives instead in a directory of its own under
 * {@value #RELOCATION_BASE} named after a hash of the data directory's path, owned by the account with mode 700; the
 * data directory keeps a {@value #LOCATION_FILE} file naming it, so every later start finds the same cluster. One log
 * line says where it is. Started as a normal user nothing of this happens.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private static final String SUPERUSER = "postgres";
    private static final String LEDGER_DATABASE = "ledger";
    private static final String ACCOUNT_SETTING = "LEDGER_EMBEDDED_PG_USER";
    /**
     * A JVM system property naming the temp directory for the binaries instead of {@code java.io.tmpdir}: the build
     * points the test JVMs' temp directory into {@code target/} (so their leftovers go with {@code clean}), which the
     * unprivileged account may not reach (a clone inside /root), and keeps the server's files in the system's.
     */
    static final String TEMP_DIRECTORY_PROPERTY = "ledger.embedded-pg.tmpdir";
    private static final String DEFAULT_ACCOUNT = "nobody";
    /** Where clusters go that the account cannot keep in the data directory: persistent, unlike the temp directory. */
    public static final String RELOCATION_BASE = "/var/lib/affiliate-ledger";
    static final String LOCATION_FILE = "pg-location";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final int START_ATTEMPTS = 3;
    private static final Duration PG_CTL_WAIT = Duration.ofSeconds(60);
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SHORT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_BYTES = 4096;
    private static final Set<PosixFilePermission> WORLD_READABLE_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path dataDirectory;
    private final Cluster cluster;
    private int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgres(Path dataDirectory, Cluster cluster, int port) {
        this.dataDirectory = dataDirectory;
        this.cluster = cluster;
        this.port = port;
    }

    /**
     * Starts the server on {@code dataDirectory} (initialising the cluster on first use) on a free loopback port,
     * and returns once it accepts connections and has a {@code ledger} database.
     */
    public static EmbeddedPostgres start(Path dataDirectory) throws IOException {
        return start(dataDirectory, configuredAccount());
    }

    /** @param account the account PostgreSQL runs as when this process is root */
    public static EmbeddedPostgres start(Path dataDirectory, String account) throws IOException {
        return start(dataDirectory, account, Path.of(RELOCATION_BASE));
    }

    /** @param relocationBase where a cluster goes that {@code account} could not keep in the data directory */
    static EmbeddedPostgres start(Path dataDirectory, String account, Path relocationBase) throws IOException {
        Files.createDirectories(dataDirectory);
        Path data = dataDirectory.toRealPath();
        Runner runner = Runner.forThisProcess(account);
        Cluster cluster = new Cluster(extractBinaries(runner), clusterHome(data, runner, relocationBase), runner);
        cluster.prepare();
        EmbeddedPostgres postgres = new EmbeddedPostgres(data, cluster, cluster.start());
        try {
            postgres.verifyAndCreateLedgerDatabase();
        } catch (IOException | RuntimeException e) {
            try {
                postgres.close();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        log.info("Embedded PostgreSQL listening on 127.0.0.1:{}{}, data in {}", postgres.port, runner.description(), cluster.directory);
        return postgres;
    }

    /**
     * Where the cluster lives: the data directory itself, or — root, and the account cannot reach the data directory —
     * a directory of its own under {@code relocationBase}, recorded in {@value #LOCATION_FILE} for the next starts.
     */
    private static Path clusterHome(Path data, Runner runner, Path relocationBase) throws IOException {
        Path location = data.resolve(LOCATION_FILE);
        if (Files.exists(location)) {
            Path home = Path.of(Files.readString(location, UTF_8).strip());
            Files.createDirectories(home);
            runner.ownPrivately(home);
            log.info("Embedded PostgreSQL data is in {} (named by {}), kept across restarts", home, location);
            return home;
        }
        if (runner.canReach(data)) {
            return data;
        }
        if (Files.exists(data.resolve("pg"))) {
            throw new IOException("PostgreSQL runs as '" + runner.accountName() + "' because it refuses to run as root, but '"
                    + runner.accountName() + "' cannot reach the existing cluster in " + data.resolve("pg") + " (a parent "
                    + "directory is not world-traversable, as /root usually is not). Make the parents traversable (chmod o+x), "
                    + "move the data directory (LEDGER_DATA_DIR) elsewhere, or run the ledger as a non-root user.");
        }
        Files.createDirectories(relocationBase);
        Files.setPosixFilePermissions(relocationBase.toRealPath(), WORLD_READABLE_DIRECTORY);
        Path home = relocationBase.toRealPath().resolve(sha256(data.toString().getBytes(UTF_8)).substring(0, 16));
        Files.createDirectories(home);
        runner.ownPrivately(home);
        Files.writeString(home.resolve("data-dir"), data + "\n", UTF_8);
        Files.writeString(location, home + "\n", UTF_8);
        log.info("Embedded PostgreSQL data is in {}: '{}' (PostgreSQL refuses to run as root) cannot reach {}; it stays there "
                + "across restarts ({} names it; back it up with the data directory)", home, runner.accountName(), data, location);
        return home;
    }

    /**
     * The temp directory the binaries are extracted into ({@value #TEMP_DIRECTORY_PROPERTY}, else {@code java.io.tmpdir}):
     * as root it must be world-traversable, and so must a temporary cluster's data directory, which tests make here too.
     */
    public static Path tempDirectory() {
        String configured = System.getProperty(TEMP_DIRECTORY_PROPERTY);
        return Path.of(configured == null || configured.isBlank() ? System.getProperty("java.io.tmpdir") : configured)
                .toAbsolutePath();
    }

    private static String configuredAccount() {
        return Optional.ofNullable(System.getProperty(ACCOUNT_SETTING))
                .or(() -> Optional.ofNullable(System.getenv(ACCOUNT_SETTING)))
                .orElse(DEFAULT_ACCOUNT);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String user() {
        return SUPERUSER;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown: open transactions roll back, committed ones are durable) and waits. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            cluster.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL on " + cluster.directory, e);
        }
    }

    /**
     * Outage drills: stops the server the way a crash would ({@code pg_ctl stop -m immediate}: connections are cut, no
     * checkpoint; the next start runs crash recovery). {@link #restart()} starts it again.
     */
    public void stopImmediately() throws IOException {
        cluster.stop("immediate");
    }

    /** Starts the server again after {@link #stopImmediately()}, on the same port, so clients reconnect to the same URL. */
    public void restart() throws IOException {
        cluster.prepare();
        port = cluster.start(port);
    }

    /** Makes sure the port leads to our cluster (trap: a server elsewhere may answer) with durable commits. */
    private void verifyAndCreateLedgerDatabase() throws IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, null);
             Statement statement = connection.createStatement()) {
            String reached = show(statement, "data_directory");
            if (!reached.equals(cluster.directory.toString())) {
                throw new IOException("127.0.0.1:" + port + " is served by another PostgreSQL (data directory "
                        + reached + "), not by ours on " + cluster.directory);
            }
            String synchronousCommit = show(statement, "synchronous_commit");
            if (!synchronousCommit.equals("on")) {
                throw new IOException("synchronous_commit is " + synchronousCommit + " on " + cluster.directory
                        + "; the ledger must not lose acknowledged writes");
            }
            createDatabaseIfMissing(statement);
        } catch (SQLException e) {
            throw new IOException("Could not use embedded PostgreSQL on port " + port + cluster.logTail(0), e);
        }
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }

    private static void createDatabaseIfMissing(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery(
                "SELECT 1 FROM pg_database WHERE datname = '" + LEDGER_DATABASE + "'")) {
            if (result.next()) {
                return;
            }
        }
        statement.execute("CREATE DATABASE " + LEDGER_DATABASE);
    }

    /**
     * Extracts zonky's archive for this platform into a directory named after its hash, once: concurrent JVMs each
     * extract into a staging directory and rename it into place, and whoever loses the race uses the winner's.
     */
    private static Path extractBinaries(Runner runner) throws IOException {
        byte[] archive = readArchive();
        Path cache = tempDirectory();
        Path target = cache.resolve("affiliate-ledger-pg-" + sha256(archive).substring(0, 16));
        if (Files.isDirectory(target)) {
            return target;
        }
        Path staging = Files.createTempDirectory(cache, target.getFileName() + ".");
        try {
            untar(archive, staging);
            makeDirectoriesWorldReadable(staging);
            runner.chown(staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
        } finally {
            deleteRecursively(staging);
        }
        return target;
    }

    private static byte[] readArchive() throws IOException {
        String os = System.getProperty("os.name");
        String system = os.startsWith("Mac") ? "Darwin" : os;
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, System.getProperty("os.arch"))) {
            return archive.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void untar(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("PostgreSQL archive entry escapes its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    // the shared libraries are reached through versioned symlinks
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    /** Tar mode bits to permissions; PosixFilePermission lists owner/group/others read-write-execute, high bit first. */
    private static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] all = PosixFilePermission.values();
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (all.length - 1 - i))) != 0) {
                permissions.add(all[i]);
            }
        }
        return permissions;
    }

    /** Directories get 755 explicitly: created under a restrictive umask, the unprivileged account could not enter them. */
    private static void makeDirectoriesWorldReadable(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(path, WORLD_READABLE_DIRECTORY);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** The cluster in {@code <home>/pg}, driven with the extracted initdb and pg_ctl. */
    private static final class Cluster {
        private final Path bin;
        private final Path home;
        private final Path directory;
        private final Path logFile;
        private final Runner runner;

        Cluster(Path binaries, Path home, Runner runner) {
            this.bin = binaries.resolve("bin");
            this.home = home;
            this.directory = home.resolve("pg");
            this.logFile = home.resolve("postgres.log");
            this.runner = runner;
        }

        /** Makes the cluster startable: reachable by the account, initialised, not held by an orphaned postmaster. */
        void prepare() throws IOException {
            runner.requireReachable(bin.resolve("postgres"), "Point java.io.tmpdir (or " + TEMP_DIRECTORY_PROPERTY
                    + "), where the binaries are extracted, at a world-traversable directory (e.g. -Djava.io.tmpdir=/tmp).");
            runner.requireReachable(home,
                    "Set LEDGER_DATA_DIR to a directory under a world-traversable path (e.g. /var/lib/affiliate-ledger).");
            if (Files.exists(directory)) {
                runner.chownIfNotOwned(directory);
                stopOrphanedPostmaster();
            } else {
                initialise();
            }
            if (!Files.exists(logFile)) {
                Files.createFile(logFile);
            }
            runner.chown(logFile); // pg_ctl, running as the account, appends to it
        }

        /** initdb into a staging directory renamed into place, so an interrupted initdb never leaves a half cluster. */
        private void initialise() throws IOException {
            Path staging = directory.resolveSibling("pg.initdb");
            deleteRecursively(staging);
            Files.createDirectory(staging);
            runner.chown(staging);
            Result result = runner.run(INITDB_TIMEOUT, bin.resolve("initdb"), "-D", staging, "-U", SUPERUSER,
                    "-A", "trust", "-E", "UTF8", "--locale=C");
            if (result.failed()) {
                throw new IOException("initdb failed for " + directory + ":\n" + result.output());
            }
            Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
        }

        /** A postmaster started by a JVM that was killed keeps the cluster locked (trap 6); a dead one's pid file goes. */
        private void stopOrphanedPostmaster() throws IOException {
            Path pidFile = directory.resolve("postmaster.pid");
            OptionalLong pid = postmasterPid();
            if (pid.isPresent()) {
                log.warn("Stopping PostgreSQL (pid {}) left running on {} by a previous process", pid.getAsLong(), directory);
                stop();
            } else if (Files.deleteIfExists(pidFile)) {
                // PostgreSQL would refuse to start if the recorded pid now belongs to another process of the account
                log.info("Removed stale {}", pidFile);
            }
        }

        /** Starts on a free port, retrying with another one if something took it between our probe and the bind. */
        int start() throws IOException {
            return start(0);
        }

        /** @param fixedPort the port to start on (retried as long as it is taken), or 0 for a free one */
        int start(int fixedPort) throws IOException {
            for (int attempt = 1; ; attempt++) {
                int port = fixedPort != 0 ? fixedPort : freeLoopbackPort();
                long logOffset = Files.size(logFile);
                Result result = runner.run(PG_CTL_WAIT.plus(EXIT_GRACE), bin.resolve("pg_ctl"), "-D", directory,
                        "-l", logFile, "-w", "-t", PG_CTL_WAIT.toSeconds(), "start", "-o", serverOptions(port));
                if (!result.failed()) {
                    return port;
                }
                stop(); // pg_ctl gives up after its timeout while the server may still be coming up
                String serverLog = logTail(logOffset);
                if (attempt == START_ATTEMPTS || !serverLog.contains("Address already in use")) {
                    throw new IOException("PostgreSQL did not start on " + directory + ": " + result.output().strip() + serverLog);
                }
                log.info("Port {} was taken before PostgreSQL could bind it; retrying on another port", port);
            }
        }

        private static String serverOptions(int port) {
            return "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                    + " -c synchronous_commit=on -c fsync=on -c max_connections=200";
        }

        /** Stops the postmaster running on this cluster, if any: a fast shutdown, then signals if that does not work. */
        void stop() throws IOException {
            stop("fast");
        }

        /** @param mode pg_ctl's shutdown mode: {@code fast} or {@code immediate} */
        void stop(String mode) throws IOException {
            OptionalLong running = postmasterPid();
            if (running.isEmpty()) {
                return;
            }
            long pid = running.getAsLong();
            Result result = runner.run(PG_CTL_WAIT.plus(EXIT_GRACE), bin.resolve("pg_ctl"), "-D", directory,
                    "-m", mode, "-w", "-t", PG_CTL_WAIT.toSeconds(), "stop");
            if (awaitExit(pid)) {
                return;
            }
            log.warn("pg_ctl could not stop PostgreSQL (pid {}): {}; sending SIGTERM, then SIGKILL", pid, result.output().strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            if (awaitExit(pid)) {
                return;
            }
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
                postmaster.destroyForcibly();
            });
            if (!awaitExit(pid)) {
                throw new IOException("PostgreSQL (pid " + pid + ") on " + directory + " did not stop");
            }
        }

        /** The pid in postmaster.pid, if that process is still a postmaster of this cluster (not dead, not a reused pid). */
        private OptionalLong postmasterPid() throws IOException {
            List<String> lines;
            try {
                lines = Files.readAllLines(directory.resolve("postmaster.pid"));
            } catch (NoSuchFileException e) {
                return OptionalLong.empty();
            }
            try {
                long pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).strip());
                return servesThisCluster(pid) ? OptionalLong.of(pid) : OptionalLong.empty();
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }

        /** Judged by the command line: a zombie counts as alive for ProcessHandle, but has no arguments left. */
        private boolean servesThisCluster(long pid) {
            List<String> arguments = ProcessHandle.of(pid)
                    .flatMap(process -> process.info().arguments())
                    .map(List::of)
                    .orElse(List.of());
            int option = arguments.indexOf("-D");
            return option >= 0 && option + 1 < arguments.size() && arguments.get(option + 1).equals(directory.toString());
        }

        private boolean awaitExit(long pid) throws IOException {
            long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
            while (servesThisCluster(pid)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                sleep(Duration.ofMillis(100));
            }
            return true;
        }

        /** The end of postgres.log from {@code offset} on (at most a few KB), formatted for an exception message. */
        String logTail(long offset) throws IOException {
            if (!Files.exists(logFile)) {
                return "";
            }
            try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
                long from = Math.max(offset, file.length() - LOG_TAIL_BYTES);
                byte[] tail = new byte[(int) (file.length() - from)];
                file.seek(from);
                file.readFully(tail);
                return "\n--- end of " + logFile + " ---\n" + new String(tail, UTF_8);
            }
        }
    }

    private record Account(String name, int uid, int gid) {

        static Account lookup(String name) throws IOException {
            return new Account(name, id(name, "-u"), id(name, "-g"));
        }

        private static int id(String name, String option) throws IOException {
            Result result = exec(List.of("id", option, name), SHORT_COMMAND_TIMEOUT);
            if (result.failed()) {
                throw new IOException("PostgreSQL cannot run as root and there is no account '" + name
                        + "' to run it as (set " + ACCOUNT_SETTING + " to an existing unprivileged user): " + result.output().strip());
            }
            return Integer.parseInt(result.output().strip());
        }

        /** The command prefix that runs a program as this account. */
        List<String> switchUserPrefix() throws IOException {
            Optional<Path> setpriv = findExecutable("setpriv");
            if (setpriv.isPresent()) {
                return List.of(setpriv.get().toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
            }
            Optional<Path> runuser = findExecutable("runuser");
            if (runuser.isPresent()) {
                return List.of(runuser.get().toString(), "-u", name, "--");
            }
            throw new IOException("Running as root, but neither setpriv nor runuser is available to run PostgreSQL as '"
                    + name + "': install util-linux, or run the ledger as a non-root user");
        }

        private static Optional<Path> findExecutable(String program) {
            String searchPath = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/bin:/usr/sbin:/sbin";
            return Arrays.stream(searchPath.split(File.pathSeparator))
                    .filter(directory -> !directory.isEmpty())
                    .map(directory -> Path.of(directory, program))
                    .filter(Files::isExecutable)
                    .findFirst();
        }
    }

    /**
     * Runs the PostgreSQL programs: directly, or as an unprivileged account when this process is root, since
     * PostgreSQL refuses to run as root.
     */
    private static final class Runner {
        private final Account account; // null when this process is not root
        private final List<String> prefix;

        private Runner(Account account, List<String> prefix) {
            this.account = account;
            this.prefix = prefix;
        }

        static Runner forThisProcess(String name) throws IOException {
            if (new UnixSystem().getUid() != 0) {
                return new Runner(null, List.of());
            }
            Account account = Account.lookup(name == null || name.isBlank() ? DEFAULT_ACCOUNT : name.strip());
            return new Runner(account, account.switchUserPrefix());
        }

        String accountName() {
            return account == null ? System.getProperty("user.name") : account.name();
        }

        /** Whether the account can enter {@code path} (always, when this process is not root). */
        boolean canReach(Path path) throws IOException {
            return account == null || !run(SHORT_COMMAND_TIMEOUT, "test", "-x", path).failed();
        }

        /** A relocated cluster home: the account's own, mode 700. */
        void ownPrivately(Path path) throws IOException {
            if (account == null) {
                return;
            }
            Files.setPosixFilePermissions(path, OWNER_ONLY_DIRECTORY);
            chownIfNotOwned(path);
        }

        String description() {
            return account == null ? "" : " as " + account.name();
        }

        Result run(Duration timeout, Object... command) throws IOException {
            List<String> full = new ArrayList<>(prefix);
            for (Object part : command) {
                full.add(part.toString());
            }
            return exec(full, timeout);
        }

        /** Fails fast, rather than letting PostgreSQL time out, when the account cannot reach {@code path}. */
        void requireReachable(Path path, String remedy) throws IOException {
            if (account != null && run(SHORT_COMMAND_TIMEOUT, "test", "-x", path).failed()) {
                throw new IOException("PostgreSQL runs as '" + account.name() + "' because it refuses to run as root, but '"
                        + account.name() + "' cannot reach " + path + " (it or a parent directory is not world-traversable, "
                        + "as /root usually is not). " + remedy);
            }
        }

        void chown(Path path) throws IOException {
            if (account == null) {
                return;
            }
            Result result = exec(List.of("chown", "-R", account.uid() + ":" + account.gid(), path.toString()), SHORT_COMMAND_TIMEOUT);
            if (result.failed()) {
                throw new IOException("Could not hand " + path + " to " + account.name() + ": " + result.output().strip());
            }
        }

        /** A cluster copied or created by root must belong to the account the server runs as. */
        void chownIfNotOwned(Path path) throws IOException {
            if (account != null && (int) Files.getAttribute(path, "unix:uid") != account.uid()) {
                chown(path);
            }
        }
    }

    private record Result(int exitCode, String output) {
        boolean failed() {
            return exitCode != 0;
        }
    }

    /**
     * Runs a command with its output in a file rather than a pipe: a hung command can then be timed out without a
     * reader thread, and the server that pg_ctl leaves running can never hold our pipe open.
     */
    private static Result exec(List<String> command, Duration timeout) throws IOException {
        Path output = Files.createTempFile("affiliate-ledger-pg-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(new File("/")) // a working directory the unprivileged account can always enter
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), new String(Files.readAllBytes(output), UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while running " + String.join(" ", command));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void sleep(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for PostgreSQL to stop");
        }
    }
}
