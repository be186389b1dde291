package org.affiliateledger.infra.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's walkthrough as a script. Its executable blocks are the {@code ```bash} blocks placed right after a
 * {@code <!-- walkthrough -->} line, in document order (no other block of the README is ever run). Inside them:
 * <ul>
 * <li>every {@code curl} call is numbered in the order it appears (the walkthrough has no loops or branches, so the
 * order it runs in is the order it is written in);</li>
 * <li>a comment {@code # → <status> <answer>} documents the answer of the {@code curl} call above it: the status, and a
 * sketch of the JSON body in which {@code …} inside a string stands for "any rest" ({@code "aff_…"}, {@code "…"}) and
 * {@code …} between members or elements stands for "anything else". A sketch may go on over the next comment lines
 * until its brackets balance; text after the sketch is a remark. Any other comment is just a comment.</li>
 * </ul>
 */
final class Walkthrough {
    static final String MARKER = "<!-- walkthrough -->";
    private static final Pattern CURL = Pattern.compile("(?<![\\w./-])curl\\s");
    private static final Pattern EXPECTATION = Pattern.compile("^\\s*# → (\\d{3})\\b(.*)$");

    /** One line of a block, with where it is in README.md. */
    record Line(int readmeLine, String text) {
    }

    record Block(int readmeLine, List<Line> lines) {
    }

    /**
     * @param call    the number of the {@code curl} call it documents (1-based, over the whole walkthrough)
     * @param sketch  the JSON sketch, or null when only the status is documented
     */
    record Expectation(int readmeLine, int call, int status, String sketch) {
    }

    final List<Block> blocks = new ArrayList<>();
    final List<Expectation> expectations = new ArrayList<>();

    static Walkthrough parse(String readme) {
        Walkthrough walkthrough = new Walkthrough();
        String[] lines = readme.split("\n", -1);
        int calls = 0;
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals(MARKER)) {
                continue;
            }
            int open = i + 1;
            if (open >= lines.length || !lines[open].strip().equals("```bash")) {
                throw new IllegalStateException("README.md line " + (i + 1) + ": " + MARKER + " must be followed by a ```bash block");
            }
            List<Line> block = new ArrayList<>();
            int j = open + 1;
            for (; j < lines.length && !lines[j].strip().equals("```"); j++) {
                block.add(new Line(j + 1, lines[j]));
            }
            if (j >= lines.length) {
                throw new IllegalStateException("README.md line " + (open + 1) + ": the walkthrough block is never closed");
            }
            walkthrough.blocks.add(new Block(open + 1, block));
            for (int k = 0; k < block.size(); k++) {
                Line line = block.get(k);
                Matcher expected = EXPECTATION.matcher(line.text());
                if (expected.matches()) {
                    if (calls == 0) {
                        throw new IllegalStateException("README.md line " + line.readmeLine() + ": an answer before any curl call");
                    }
                    StringBuilder sketch = new StringBuilder(expected.group(2).strip());
                    while (!balanced(sketch) && k + 1 < block.size() && block.get(k + 1).text().strip().startsWith("#")) {
                        k++;
                        sketch.append(' ').append(block.get(k).text().strip().substring(1).strip());
                    }
                    walkthrough.expectations.add(new Expectation(line.readmeLine(), calls, Integer.parseInt(expected.group(1)),
                            jsonPart(sketch.toString())));
                    continue;
                }
                if (line.text().strip().startsWith("#")) {
                    continue;
                }
                Matcher curl = CURL.matcher(withoutQuotedText(line.text()));
                while (curl.find()) {
                    calls++;
                }
            }
            i = j;
        }
        return walkthrough;
    }

    /** The sketch up to its balanced closing bracket (what follows is a remark); null when it starts with no bracket. */
    static String jsonPart(String sketch) {
        if (sketch.isEmpty() || (sketch.charAt(0) != '{' && sketch.charAt(0) != '[')) {
            return null;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < sketch.length(); i++) {
            char c = sketch.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return sketch.substring(0, i + 1);
                }
            }
        }
        throw new IllegalStateException("unbalanced answer sketch: " + sketch);
    }

    private static boolean balanced(CharSequence text) {
        String s = text.toString();
        if (s.isEmpty() || (s.charAt(0) != '{' && s.charAt(0) != '[')) {
            return true;
        }
        try {
            jsonPart(s);
            return true;
        } catch (IllegalStateException unbalanced) {
            return false;
        }
    }

    /** Single-quoted shell text (JSON bodies) cannot call curl; blank it out before counting calls. */
    private static String withoutQuotedText(String line) {
        return line.replaceAll("'[^']*'", "''");
    }

    /**
     * The sketch as JSON: "anything else" elisions ({@code …} outside strings) are removed with the comma that joins
     * them; {@code …} inside strings stays, and matches any rest of the actual string.
     */
    static String asJson(String sketch) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < sketch.length(); i++) {
            char c = sketch.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < sketch.length()) {
                    out.append(sketch.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c == '…') {
                int end = out.length() - 1;
                while (end >= 0 && Character.isWhitespace(out.charAt(end))) {
                    end--;
                }
                if (end >= 0 && out.charAt(end) == ',') {
                    out.setLength(end);
                } else {
                    // "{…," or "[…,": drop the comma that follows instead
                    int next = i + 1;
                    while (next < sketch.length() && Character.isWhitespace(sketch.charAt(next))) {
                        next++;
                    }
                    if (next < sketch.length() && sketch.charAt(next) == ',') {
                        i = next;
                    }
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
