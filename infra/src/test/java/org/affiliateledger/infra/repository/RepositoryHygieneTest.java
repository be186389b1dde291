package org.affiliateledger.infra.repository;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * No secret in the repository: a key file (the generated {@code secrets.key}, a TLS key or keystore) or anything in a
 * {@code data/} directory (the embedded PostgreSQL, the generated key) must never be committed.
 */
class RepositoryHygieneTest {
    private static final List<String> KEY_SUFFIXES = List.of(".key", ".pem", ".p12", ".pfx", ".jks", ".keystore");

    @Test
    void noTrackedFileIsAKeyOrLiesInADataDirectory() throws Exception {
        Path root = repositoryRoot();
        List<String> tracked = trackedFiles(root);
        assumeTrue(tracked != null, "skipped: " + root + " is not a git checkout (or git is not installed), so there are no "
                + "tracked files to check");
        assertThat(tracked).as("files tracked by git in %s", root).isNotEmpty();
        assertThat(tracked)
                .as("key files must not be committed (generate them at run time; LEDGER_SECRETS_KEY for several nodes)")
                .noneMatch(RepositoryHygieneTest::isKey);
        assertThat(tracked)
                .as("data/ directories hold a running ledger's state (database, secrets.key) and must not be committed")
                .noneMatch(RepositoryHygieneTest::inDataDirectory);
    }

    @Test
    void everyDataDirectoryIsIgnored() throws Exception {
        Path root = repositoryRoot();
        assumeTrue(trackedFiles(root) != null, "skipped: not a git checkout");
        for (String path : List.of("data/secrets.key", "infra/data/secrets.key", "bench/data/pg/PG_VERSION", "some/where/data/x")) {
            Process check = new ProcessBuilder("git", "check-ignore", "-q", "--no-index", path).directory(root.toFile()).start();
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as("%s is ignored by .gitignore", path).isZero();
        }
    }

    static boolean isKey(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return KEY_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    static boolean inDataDirectory(String path) {
        List<String> parts = Arrays.asList(path.split("/"));
        return parts.subList(0, parts.size() - 1).contains("data");
    }

    /** The directory with the root pom (the build runs this test from infra/). */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("mvnw")) && Files.exists(candidate.resolve("infra"))) {
                return candidate;
            }
        }
        return dir;
    }

    /** {@code git ls-files}, or null when this is no git checkout or git is missing. */
    static List<String> trackedFiles(Path root) throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile()).redirectErrorStream(false).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                System.out.println("RepositoryHygieneTest: git ls-files failed in " + root + "; not a git checkout");
                return null;
            }
            return Arrays.stream(new String(out, StandardCharsets.UTF_8).split("\0")).filter(name -> !name.isEmpty()).toList();
        } catch (IOException noGit) {
            System.out.println("RepositoryHygieneTest: git is not installed; cannot list tracked files");
            return null;
        }
    }
}
