package org.affiliateledger.infra.readme;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.io.TempDir;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's walkthrough runs top to bottom and answers what it shows: its marked shell blocks (see
 * {@link Walkthrough}) are run in order, with bash, curl, jq and openssl, against this running ledger over real HTTP,
 * on a merchant of their own; then every documented answer ({@code # → <status> <json>}) is checked against what
 * that call really answered. A README edit that breaks an example fails the build.
 */
class ReadmeWalkthroughTest extends LedgerIntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Put in front of the walkthrough: curl records each call's status and body, and is otherwise the real one. */
    private static final String PRELUDE = """
            set -eEuo pipefail
            trap 'echo "__FAILED_AT_SCRIPT_LINE__ $LINENO" >&2' ERR
            echo 0 > "$WALKTHROUGH_LOG/count"
            curl() {
              local n out status
              n=$(( $(cat "$WALKTHROUGH_LOG/count") + 1 ))
              echo "$n" > "$WALKTHROUGH_LOG/count"
              out=$(command curl "$@" -w '\\n__HTTP_STATUS__%{http_code}')
              status=${out##*__HTTP_STATUS__}
              out=${out%__HTTP_STATUS__*}
              out=${out%$'\\n'}
              printf '%s' "$status" > "$WALKTHROUGH_LOG/$n.status"
              printf '%s' "$out" > "$WALKTHROUGH_LOG/$n.body"
              printf '%s' "$out"
            }
            """;

    @Test
    void theReadmeWalkthroughRunsTopToBottomAndAnswersAsDocumented(@TempDir Path dir) throws Exception {
        for (String tool : List.of("bash", "curl", "jq", "openssl")) {
            assumeTrue(onPath(tool), "the README walkthrough test needs " + tool + " on the PATH; it is skipped without it");
        }
        Walkthrough walkthrough = Walkthrough.parse(Files.readString(readme()));
        assertThat(walkthrough.blocks).as("marked walkthrough blocks in README.md").hasSizeGreaterThan(5);
        assertThat(walkthrough.expectations).as("documented answers").hasSizeGreaterThan(20);

        Path log = Files.createDirectory(dir.resolve("calls"));
        List<Integer> readmeLineOf = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        for (String line : PRELUDE.split("\n")) {
            script.append(line).append('\n');
            readmeLineOf.add(0);
        }
        for (Walkthrough.Block block : walkthrough.blocks) {
            for (Walkthrough.Line line : block.lines()) {
                script.append(line.text()).append('\n');
                readmeLineOf.add(line.readmeLine());
            }
        }
        Path file = dir.resolve("walkthrough.sh");
        Files.writeString(file, script);

        try (WebhookReceiver receiver = new WebhookReceiver()) {
            ProcessBuilder bash = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("output.txt").toFile());
            Map<String, String> env = bash.environment();
            env.put("LEDGER", "http://127.0.0.1:" + port);
            env.put("ADMIN", ADMIN_TOKEN);
            env.put("HOOK_URL", receiver.url("/webhooks/ledger"));
            env.put("WALKTHROUGH_LOG", log.toString());
            Process process = bash.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("the README walkthrough did not finish within 10 minutes");
            }
            String output = Files.readString(dir.resolve("output.txt"));
            if (process.exitValue() != 0) {
                fail("the README walkthrough stopped at README.md line " + failedLine(output, readmeLineOf)
                        + " (exit " + process.exitValue() + ")\n" + tail(output));
            }
        }

        List<String> problems = new ArrayList<>();
        for (Walkthrough.Expectation expected : walkthrough.expectations) {
            Path status = log.resolve(expected.call() + ".status");
            if (!Files.exists(status)) {
                problems.add("README.md line " + expected.readmeLine() + ": curl call " + expected.call() + " never ran");
                continue;
            }
            String body = Files.readString(log.resolve(expected.call() + ".body"), StandardCharsets.UTF_8);
            int actual = Integer.parseInt(Files.readString(status).strip());
            String where = "README.md line " + expected.readmeLine();
            if (actual != expected.status()) {
                problems.add(where + ": documented " + expected.status() + ", answered " + actual + " " + body);
                continue;
            }
            if (expected.sketch() != null) {
                JsonNode sketch;
                try {
                    sketch = JSON.readTree(Walkthrough.asJson(expected.sketch()));
                } catch (RuntimeException e) {
                    problems.add(where + ": the documented answer is not a JSON sketch: " + expected.sketch());
                    continue;
                }
                JsonNode answered;
                try {
                    answered = JSON.readTree(body);
                } catch (RuntimeException e) {
                    problems.add(where + ": answered " + body + ", not JSON");
                    continue;
                }
                List<String> mismatches = new ArrayList<>();
                match("", sketch, answered, mismatches);
                mismatches.forEach(m -> problems.add(where + ": " + m + " in " + body));
            }
        }
        assertThat(problems).as("documented answers the ledger did not give").isEmpty();
    }

    /** The sketch's members and elements, with "…" in a string matching any rest; everything else must be equal. */
    static void match(String path, JsonNode expected, JsonNode actual, List<String> problems) {
        if (actual == null || actual.isMissingNode()) {
            problems.add(path + " is missing");
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                problems.add(path + " is " + actual + ", not an object");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                match(path + "/" + member.getKey(), member.getValue(), actual.get(member.getKey()), problems);
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() < expected.size()) {
                problems.add(path + " is " + actual + ", not an array of at least " + expected.size());
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                match(path + "/" + i, expected.get(i), actual.get(i), problems);
            }
        } else if (expected.isString() && expected.asString().contains("…")) {
            String text = expected.asString();
            String prefix = text.substring(0, text.indexOf('…'));
            String suffix = text.substring(text.lastIndexOf('…') + 1);
            if (prefix.isEmpty() && suffix.isEmpty()) {
                return;
            }
            if (!actual.isString() || !actual.asString().startsWith(prefix) || !actual.asString().endsWith(suffix)) {
                problems.add(path + " is " + actual + ", documented " + expected);
            }
        } else if (expected.isNumber()) {
            if (!actual.isNumber() || actual.decimalValue().compareTo(expected.decimalValue()) != 0) {
                problems.add(path + " is " + actual + ", documented " + expected);
            }
        } else if (!expected.equals(actual)) {
            problems.add(path + " is " + actual + ", documented " + expected);
        }
    }

    private static Path readme() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("infra"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md not found above " + Paths.get("").toAbsolutePath());
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String failedLine(String output, List<Integer> readmeLineOf) {
        int at = output.lastIndexOf("__FAILED_AT_SCRIPT_LINE__ ");
        if (at < 0) {
            return "?";
        }
        String number = output.substring(at + "__FAILED_AT_SCRIPT_LINE__ ".length()).lines().findFirst().orElse("").strip();
        int scriptLine = Integer.parseInt(number);
        return scriptLine >= 1 && scriptLine <= readmeLineOf.size() ? Integer.toString(readmeLineOf.get(scriptLine - 1)) : "?";
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : "…" + output.substring(output.length() - 4000);
    }
}
