package org.affiliateledger.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point: runs every scenario and writes {@code BENCHMARKS.md} and {@code BENCHMARKS.json}. The published run
 * is {@value #FULL_COMMAND} (see FullBenchmarkRun); CI runs the smoke mode through BenchmarkSmokeTest.
 * <p>
 * Knobs for experiments, as system properties: {@code bench.ledgerEnv} ({@code NAME=value,NAME=value}, added to the
 * ledger's environment) and {@code bench.ledgerJvmOptions} (space-separated options for the ledger's JVM).
 */
public final class Benchmark {
    public static final String FULL_COMMAND = "./mvnw -B -ntp -pl bench -am verify -Dbench.full=true";
    static final String MARKDOWN = "BENCHMARKS.md";
    static final String JSON = "BENCHMARKS.json";
    static final Path JAR = Path.of("infra", "target", "affiliate-ledger.jar");

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = projectRoot();
        run(Settings.full(), root, root, FULL_COMMAND);
    }

    static Results run(Settings settings, Path root, Path outputDirectory, String command) throws Exception {
        Path jar = ledgerJar(root);
        Results results = new Harness(settings, jar, ledgerEnvironment(), ledgerJvmOptions(), command).run();
        Files.createDirectories(outputDirectory);
        Report.write(results, outputDirectory.resolve(MARKDOWN), outputDirectory.resolve(JSON), root.resolve("bench").resolve("TUNING.md"));
        Harness.say("wrote %s and %s", outputDirectory.resolve(MARKDOWN), outputDirectory.resolve(JSON));
        Path readme = root.resolve("README.md");
        if (outputDirectory.toAbsolutePath().normalize().equals(root.toAbsolutePath().normalize()) && Files.isRegularFile(readme)) {
            // the published run also refreshes the README's summary paragraph (between its markers)
            Files.writeString(readme, Report.withLatestRun(Files.readString(readme), Report.latestRun(results)));
            Harness.say("updated the latest-run paragraph of %s", readme);
        }
        return results;
    }

    /** The repository root: {@code bench.root} when given (the build sets it), else the nearest parent holding infra/ and bench/. */
    static Path projectRoot() {
        String given = System.getProperty("bench.root");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/pom.xml")) && Files.isRegularFile(dir.resolve("bench/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root (a directory with infra/ and bench/) above "
                + Path.of("").toAbsolutePath() + "; set -Dbench.root=<path>");
    }

    static Path ledgerJar(Path root) {
        Path jar = root.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the bench runs the packaged ledger. Build it first "
                    + "(./mvnw -B -pl infra -am package -DskipTests), or run the bench through the reactor: " + FULL_COMMAND);
        }
        return jar;
    }

    static Map<String, String> ledgerEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        String given = System.getProperty("bench.ledgerEnv", "");
        for (String pair : given.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                env.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
        return env;
    }

    static List<String> ledgerJvmOptions() {
        return Arrays.stream(System.getProperty("bench.ledgerJvmOptions", "").split("\\s+")).filter(s -> !s.isBlank()).toList();
    }
}
