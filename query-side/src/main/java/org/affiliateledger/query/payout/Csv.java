package org.affiliateledger.query.payout;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/** RFC 4180 rows (CRLF line ends), safe to open in a spreadsheet. */
public final class Csv {
    private Csv() {
    }

    public static String row(String... fields) {
        return Stream.of(fields).map(Csv::field).collect(Collectors.joining(",")) + "\r\n";
    }

    /** A field quoted when it holds a comma, quote or line break, its quotes doubled; null is empty. */
    public static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    /**
     * Free text (names, emails, references): a leading {@code = + - @}, tab or carriage return would make a spreadsheet
     * run it as a formula (CSV injection), so such text is prefixed with {@code '}.
     */
    public static String text(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
