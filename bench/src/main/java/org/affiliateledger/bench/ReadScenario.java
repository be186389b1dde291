package org.affiliateledger.bench;

import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * R: one client listing conversions 100 at a time: the first page, a keyset-cursor page {@code depth} rows deep, and
 * the offset page at the same depth ({@code page=depth/100}), each request answered 200 with 100 rows.
 */
final class ReadScenario {
    private final int port;
    private final String key;

    ReadScenario(int port, String key) {
        this.port = port;
        this.key = key;
    }

    static String firstPage() {
        return "/api/v1/conversions?limit=" + Settings.PAGE;
    }

    static String offsetPage(int depth) {
        return "/api/v1/conversions?limit=" + Settings.PAGE + "&page=" + depth / Settings.PAGE;
    }

    /**
     * The cursor the API hands out after {@code depth} rows: it encodes the id of the last row seen, so it is built
     * from that row here rather than by walking depth/100 pages.
     */
    static String cursorPage(BenchDatabase database, String merchantId, int depth) throws SQLException {
        try (Connection c = database.connect(BenchDatabase.LEDGER);
             PreparedStatement s = c.prepareStatement("SELECT id FROM conversions WHERE merchant_id = ? ORDER BY id DESC OFFSET ? LIMIT 1")) {
            s.setString(1, merchantId);
            s.setInt(2, depth - 1);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("fewer than " + depth + " conversions to page through");
                }
                String cursor = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(("v1:" + rs.getString(1)).getBytes(StandardCharsets.UTF_8));
                return "/api/v1/conversions?limit=" + Settings.PAGE + "&cursor=" + cursor;
            }
        }
    }

    /** {@code requests} GETs of {@code path} back to back; latencies in µs. */
    Histogram measure(String path, int requests) {
        Histogram micros = Latency.newHistogram();
        try (HttpConnection http = new HttpConnection(port)) {
            for (int i = 0; i < requests; i++) {
                long started = System.nanoTime();
                HttpConnection.Response response = http.get(path, key);
                long ended = System.nanoTime();
                if (response.status() != 200 || !fullPage(response.text())) {
                    throw new IllegalStateException("GET " + path + " answered " + response.status() + ": "
                            + response.text().substring(0, Math.min(300, response.text().length())));
                }
                Latency.record(micros, started, ended);
            }
        }
        return micros;
    }

    /** A page of 100 rows names 100 conversion ids (and each row's commission id). */
    private static boolean fullPage(String body) {
        int count = 0;
        for (int at = body.indexOf("\"id\":\"cnv_"); at >= 0; at = body.indexOf("\"id\":\"cnv_", at + 1)) {
            count++;
        }
        return count == Settings.PAGE;
    }
}
