package org.affiliateledger.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The real ledger as an operator runs it: {@code java -jar affiliate-ledger.jar} in its own process, configured only
 * through its environment, pointed at the bench's PostgreSQL.
 */
final class LedgerProcess implements AutoCloseable {
    static final String ADMIN_TOKEN = "adm_bench_0123456789abcdef";
    /**
     * Generous: on a 2-core machine shared with other builds (load average 20+) a start has taken over 2 minutes;
     * {@code -Dbench.startTimeoutSeconds} lengthens it further (at load 40 a start took 187 s).
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("bench.startTimeoutSeconds", 300));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final int port;
    private final double startSeconds;
    private final Thread killOnExit;

    private LedgerProcess(Process process, Path log, int port, double startSeconds, Thread killOnExit) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.startSeconds = startSeconds;
        this.killOnExit = killOnExit;
    }

    /**
     * Starts the jar and returns once an authenticated request answers 200; the time from process start to that
     * answer is S.
     */
    static LedgerProcess start(Path jar, String jdbcUrl, String dbUser, Path log, Map<String, String> extraEnv,
                               List<String> jvmOptions) throws IOException {
        int port = FreePort.find();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("LEDGER_DB_URL", jdbcUrl);
        env.put("LEDGER_DB_USER", dbUser);
        env.put("LEDGER_DB_PASSWORD", "");
        env.put("LEDGER_PORT", Integer.toString(port));
        env.put("LEDGER_ADMIN_TOKEN", ADMIN_TOKEN);
        // rate limits (another branch) must never refuse the load; the limiter's own cost stays part of W
        env.put("LEDGER_RATE_LIMIT_READ_PER_MINUTE", "100000000");
        env.put("LEDGER_RATE_LIMIT_WRITE_PER_MINUTE", "100000000");
        // D's receiver listens on loopback, which the SSRF guard refuses unless told otherwise
        env.put("LEDGER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        env.putAll(extraEnv);
        long started = System.nanoTime();
        Process process = builder.start();
        Thread killOnExit = new Thread(process::destroyForcibly, "kill-ledger-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try (HttpConnection http = new HttpConnection(port)) {
            long deadline = started + START_TIMEOUT.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the ledger exited with " + process.exitValue() + " while starting" + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the ledger did not answer within " + START_TIMEOUT + tail(log));
                }
                try {
                    if (http.get("/admin/v1/projections", ADMIN_TOKEN).status() == 200) {
                        break;
                    }
                } catch (UncheckedIOException notListeningYet) {
                    // connection refused until Tomcat binds the port
                }
                sleep(Duration.ofMillis(20));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new LedgerProcess(process, log, port, seconds, killOnExit);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    double startSeconds() {
        return startSeconds;
    }

    /** Resident memory of the ledger's JVM, from /proc/&lt;pid&gt;/status (VmRSS). */
    long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
    }

    String logTail() {
        return tail(log);
    }

    /** SIGTERM, as an operator stops it: Spring shuts down gracefully and the processors release their tokens. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, UTF_8);
            return "\n--- last lines of " + log + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
