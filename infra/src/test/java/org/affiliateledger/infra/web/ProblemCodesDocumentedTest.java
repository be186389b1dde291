package org.affiliateledger.infra.web;

import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.common.UnprocessableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients branch on {@code code}, so every code the ledger can answer with is listed — in {@link ProblemCatalog} (which
 * the OpenAPI document's Problem schema is generated from) and in the README's table, with the same status. The codes
 * the code base can emit are found in its sources: {@code .withCode("…")}, {@code problems.write(…, HttpStatus.X, "…", …)},
 * the codes of filters and Tomcat's error valve, the defaults of each refusal kind and of each status.
 */
class ProblemCodesDocumentedTest {
    private static final List<Pattern> EMITTING = List.of(
            Pattern.compile("withCode\\((?:[^;]*?,\\s*)?\"([a-z0-9_]+)\"\\s*\\)", Pattern.DOTALL),
            Pattern.compile("problems\\.write\\([^;]*?HttpStatus\\.[A-Z_]+,\\s*\"([a-z0-9_]+)\"", Pattern.DOTALL),
            Pattern.compile("\\bcode\\s*=\\s*\"([a-z0-9_]+)\"\\s*;"),
            Pattern.compile("\\bproblem\\(\\s*\"([a-z0-9_]+)\""));
    private static final Pattern README_ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\| (\\d{3}) \\|", Pattern.MULTILINE);

    @Test
    void everyCodeTheSourcesCanEmitIsInTheCatalogue() throws IOException {
        Map<String, String> emitted = emittedBySources();
        assertThat(emitted).as("the scan finds the codes (is the pattern still right?)").hasSizeGreaterThan(40)
                .containsKeys("duplicate_external_id", "affiliate_not_active", "rate_limited", "unknown_field",
                        "unsupported_media_type", "missing_scope", "invalid_api_key", "idempotency_key_reused",
                        "idempotency_in_progress", "below_payout_minimum", "commission_state_conflict");
        Set<String> catalogued = Set.copyOf(ProblemCatalog.codes());
        assertThat(emitted.keySet().stream().filter(code -> !catalogued.contains(code)).map(code -> code + " (" + emitted.get(code) + ")"))
                .as("codes emitted in the sources but missing from ProblemCatalog (and so from the OpenAPI document)")
                .isEmpty();
    }

    @Test
    void everyStatusAndRefusalKindHasACataloguedDefault() {
        Set<String> catalogued = Set.copyOf(ProblemCatalog.codes());
        for (int status = 400; status < 600; status++) {
            assertThat(catalogued).as("the default code of status %d", status).contains(ProblemCodes.forStatus(status));
        }
        List<LedgerException> kinds = List.of(new InvalidRequestException("x"), new NotFoundException("x"),
                new DuplicateException("x"), new StateConflictException("x"), new UnprocessableException("x"));
        assertThat(kinds).allSatisfy(kind -> assertThat(catalogued).contains(kind.code()));
    }

    @Test
    void theReadmeListsExactlyTheCataloguedCodesWithTheirStatus() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        Map<String, Integer> listed = new TreeMap<>();
        Matcher row = README_ROW.matcher(readme);
        while (row.find()) {
            listed.put(row.group(1), Integer.parseInt(row.group(2)));
        }
        Map<String, Integer> catalogued = ProblemCatalog.ALL.stream()
                .collect(Collectors.toMap(ProblemCatalog.Entry::code, ProblemCatalog.Entry::status, (a, b) -> a, TreeMap::new));
        assertThat(listed).as("the README's table of error codes (| `code` | status | meaning |)").isEqualTo(catalogued);
    }

    @Test
    void codesAreUniqueAndSnakeCase() {
        assertThat(ProblemCatalog.codes()).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z][a-z0-9_]*"));
    }

    /** code → the file that emits it (the first one found). */
    private static Map<String, String> emittedBySources() throws IOException {
        Map<String, String> codes = new LinkedHashMap<>();
        Set<Path> sources = new TreeSet<>();
        for (String module : List.of("shared-events", "command-side", "query-side", "infra")) {
            Path main = root().resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            for (Pattern pattern : EMITTING) {
                if (pattern == EMITTING.get(2) && !text.contains("ProblemCodes")) {
                    continue; // "code = ..." only where problems are written
                }
                Matcher matcher = pattern.matcher(text);
                while (matcher.find()) {
                    codes.putIfAbsent(matcher.group(1), root().relativize(source).toString());
                }
            }
        }
        return codes;
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("README.md")) && Files.exists(candidate.resolve("infra"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }
}
