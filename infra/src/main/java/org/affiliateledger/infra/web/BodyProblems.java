package org.affiliateledger.infra.web;

import org.affiliateledger.events.common.LedgerException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a body Jackson could not read into a problem that says what to send: the unknown field and the known one it
 * resembles, the type a field takes (with an example), or that the body must be a JSON object. Every endpoint reads its
 * body through the same mapper (unknown properties fail, see {@link JsonConfig}), so this covers every endpoint and
 * every nested object.
 */
public final class BodyProblems {
    private static final int MAX_LISTED_FIELDS = 25;

    private BodyProblems() {
    }

    static ProblemDetail of(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof LedgerException refusal) {
            // a request record refused a value while it was built
            return problem(refusal.code(), refusal.getMessage());
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return problem("unknown_field", unknownField(unknown));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            return problem("wrong_type", field + " " + expected(leaf(mismatch), mismatch.getTargetType()));
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            if (isEndOfInput(mismatch)) {
                return problem("missing_body", "the request body is missing: send a JSON object with Content-Type: application/json");
            }
            return problem("malformed_json", "the request body must be a JSON object ({…}), not "
                    + describeToken(mismatch.getMessage()));
        }
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            return problem("wrong_type", pathOf(databind) + " has the wrong type or format");
        }
        if (cause instanceof JacksonException jackson) {
            return problem("malformed_json", "the request body is not valid JSON: " + firstLine(jackson.getOriginalMessage()));
        }
        return problem("missing_body", "the request body is missing or unreadable: send a JSON object with "
                + "Content-Type: application/json");
    }

    private static ProblemDetail problem(String code, String detail) {
        return ProblemCodes.withCode(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), code);
    }

    static String unknownField(UnrecognizedPropertyException e) {
        String name = e.getPropertyName();
        String where = path(e);
        Collection<Object> knownIds = e.getKnownPropertyIds() == null ? List.of() : e.getKnownPropertyIds();
        List<String> known = knownIds.stream().map(String::valueOf).sorted().toList();
        Optional<String> suggestion = NearMiss.suggest(name, known);
        if (suggestion.isPresent()) {
            return "unknown field `" + where + "`; did you mean `" + suggestion.get() + "`?";
        }
        if (known.isEmpty()) {
            return "unknown field `" + where + "`: this object takes no fields";
        }
        String listed = known.size() <= MAX_LISTED_FIELDS ? String.join(", ", known)
                : String.join(", ", known.subList(0, MAX_LISTED_FIELDS)) + ", …";
        return "unknown field `" + where + "`; known fields here: " + listed;
    }

    /** {@code fraud_rules.velocity.max_conversions}, {@code performance_tiers[1].rate}. */
    private static String path(DatabindException e) {
        return pathOf(e);
    }

    private static String pathOf(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the body" : path.toString();
    }

    private static String leaf(DatabindException e) {
        for (int i = e.getPath().size() - 1; i >= 0; i--) {
            String name = e.getPath().get(i).getPropertyName();
            if (name != null) {
                return name;
            }
        }
        return "";
    }

    /** What to send for a field of {@code type}, with an example. */
    public static String expected(String field, Class<?> type) {
        if (type == null) {
            return "has the wrong type or format";
        }
        String name = field.toLowerCase(Locale.ROOT);
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
                || type == short.class || type == BigInteger.class || type.getSimpleName().equals("NullableCents")) {
            if (name.endsWith("_cents") || name.equals("amount")) {
                return "must be an integer number of minor units, e.g. 4900 for 49.00";
            }
            return "must be an integer, e.g. 30";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "must be a number, e.g. 0.2";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            if (name.endsWith("rate") || name.endsWith("percent") || name.endsWith("rates")) {
                return "must be a percent string, e.g. \"12.5\"";
            }
            return "must be a string";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "must be an ISO-8601 UTC time string, e.g. \"2026-01-31T00:00:00Z\"";
        }
        if (type == LocalDate.class) {
            return "must be an ISO-8601 date string, e.g. \"2026-11-01\"";
        }
        if (type == Duration.class) {
            return "must be an ISO-8601 duration string, e.g. \"PT30S\"";
        }
        if (type.isEnum()) {
            return "must be one of: " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be a JSON array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be a JSON object";
        }
        return "has the wrong type or format";
    }

    private static boolean isEndOfInput(MismatchedInputException e) {
        String message = e.getOriginalMessage();
        return message != null && message.contains("end-of-input");
    }

    private static String describeToken(String message) {
        if (message == null) {
            return "another JSON value";
        }
        if (message.contains("START_ARRAY")) {
            return "an array";
        }
        if (message.contains("VALUE_STRING")) {
            return "a string";
        }
        if (message.contains("VALUE_NUMBER")) {
            return "a number";
        }
        if (message.contains("VALUE_TRUE") || message.contains("VALUE_FALSE")) {
            return "a boolean";
        }
        return "another JSON value";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        // Jackson quotes the source; the client knows what it sent
        int at = line.indexOf(" at [Source");
        return (at > 0 ? line.substring(0, at) : line).strip();
    }

    /** The known field a misspelt one most likely meant, if any is close enough. */
    static final class NearMiss {
        private NearMiss() {
        }

        static Optional<String> suggest(String unknown, Collection<String> known) {
            if (unknown == null || unknown.isEmpty()) {
                return Optional.empty();
            }
            String wanted = normalise(unknown);
            TreeSet<Candidate> candidates = new TreeSet<>();
            for (String candidate : known) {
                String normalised = normalise(candidate);
                int distance = distance(wanted, normalised);
                if (normalised.equals(wanted)) {
                    distance = 0;
                } else if (Math.min(wanted.length(), normalised.length()) >= 4
                        && (normalised.contains(wanted) || wanted.contains(normalised))) {
                    distance = Math.min(distance, 2); // tier_rates → mlm_tier_rates, amount → amount_cents
                }
                if (distance <= threshold(wanted)) {
                    candidates.add(new Candidate(distance, candidate));
                }
            }
            return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.first().name());
        }

        private record Candidate(int distance, String name) implements Comparable<Candidate> {
            @Override
            public int compareTo(Candidate other) {
                int byDistance = Integer.compare(distance, other.distance);
                return byDistance != 0 ? byDistance : name.compareTo(other.name);
            }
        }

        private static int threshold(String word) {
            return word.length() <= 4 ? 1 : word.length() <= 8 ? 2 : 3;
        }

        /** Case, underscores and dashes do not count: {@code amountCents} is {@code amount_cents}. */
        private static String normalise(String name) {
            return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        }

        /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
        static int distance(String a, String b) {
            int[][] d = new int[a.length() + 1][b.length() + 1];
            for (int i = 0; i <= a.length(); i++) {
                d[i][0] = i;
            }
            for (int j = 0; j <= b.length(); j++) {
                d[0][j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                    if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                    }
                }
            }
            return d[a.length()][b.length()];
        }
    }
}
