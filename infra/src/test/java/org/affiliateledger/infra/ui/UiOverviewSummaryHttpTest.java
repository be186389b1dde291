package org.affiliateledger.infra.ui;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview's figures come from day and affiliate totals the database keeps beside the rows (migration V148), not
 * from the rows themselves: over plain HTTP (a signed-in session, the rendered page) they must equal a count over the
 * rows, at the present and in a past view, with rows on earlier days (read from the totals) and on the view's own day
 * (read from the rows), after rows moved between days, and after a rebuild of every read model.
 */
class UiOverviewSummaryHttpTest extends LedgerIntegrationTest {
    private static final Pattern ROW = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UiFormat format;

    @Test
    void theOverviewsSummedFiguresEqualACountOverTheRowsNowInThePastAndAfterARebuild() throws Exception {
        String key = onboardMerchant("UI overview summed");
        String merchant = merchantIdOf(key);
        assertThat(api.patch("/api/v1/program", key, "{\"landing_url\": \"https://shop.example/\"}").status()).isEqualTo(200);
        String ada = activeAffiliate(key, "Ada Summed");
        String bob = activeAffiliate(key, "Bob Summed");
        click(key, ada);
        click(key, ada);
        click(key, bob);
        String adaBig = commissionOf(key, ada, 10_000);
        String adaSmall = commissionOf(key, ada, 3_000);
        String bobFirst = commissionOf(key, bob, 5_000);
        assertThat(api.post("/api/v1/commissions/" + adaSmall + "/reject", key, "{\"reason\": \"test order\"}").status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/commissions/" + bobFirst + "/approve", key, "{}").status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/commissions/" + adaSmall, key), r -> "rejected".equals(r.text("status")));
        eventually(() -> api.get("/api/v1/commissions/" + bobFirst, key), r -> "approved".equals(r.text("status")));
        eventually(() -> api.get("/api/v1/conversions?limit=10", key), r -> r.body().get("data").size() == 3
                && r.body().toString().contains("\"status\":\"approved\"") && r.body().toString().contains("\"status\":\"rejected\""));

        // rows on earlier days, read from the day totals: moved there in the tables (the totals follow the update)
        jdbc.sql("UPDATE conversions SET created_at = created_at - interval '3 days' WHERE merchant_id = ? AND commission_id = ?")
                .params(merchant, adaBig).update();
        jdbc.sql("UPDATE commissions SET created_at = created_at - interval '40 days' WHERE merchant_id = ? AND id = ?")
                .params(merchant, adaBig).update();
        jdbc.sql("UPDATE click_session SET created_at = created_at - interval '10 days' WHERE merchant_id = ? AND affiliate_id = ?")
                .params(merchant, bob).update();

        Instant then = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(then.plusMillis(5)));
        // after the past view's instant: Bob's big sale makes him the top affiliate now, not then
        commissionOf(key, bob, 20_000);
        click(key, bob);
        eventually(() -> api.get("/api/v1/conversions?limit=10", key), r -> r.body().get("data").size() == 4);

        HttpClient browser = new UiHttp(port).signedIn(key);
        assertFiguresEqualTheRows(browser, merchant, null, 4, 38_000);
        assertFiguresEqualTheRows(browser, merchant, then, 3, 18_000);

        Api.Response started = api.post("/admin/v1/projections/rebuild", ADMIN_TOKEN, null);
        assertThat(started.status()).isEqualTo(202);
        awaitAllCaughtUp();
        eventually(() -> api.get("/api/v1/conversions?limit=10", key), r -> r.body().get("data").size() == 4);
        assertThat(sums(merchant, "conversion_day_totals")).as("the day totals after the rebuild")
                .isEqualTo(jdbc.sql("""
                                SELECT currency || ' ' || (created_at AT TIME ZONE 'UTC')::date || ' ' || COUNT(*) || ' '
                                       || SUM(amount_cents) || ' ' || SUM(refunded_cents)
                                FROM conversions WHERE merchant_id = ? GROUP BY currency, (created_at AT TIME ZONE 'UTC')::date
                                ORDER BY 1""").param(merchant).query(String.class).list());
        assertFiguresEqualTheRows(browser, merchant, null, 4, 38_000);
        assertFiguresEqualTheRows(browser, merchant, then, 3, 18_000);
    }

    /** Totals, the series by day, week and month, and the top affiliates of {@code /ui} (as of {@code at}) = the rows'. */
    private void assertFiguresEqualTheRows(HttpClient browser, String merchant, Instant asOf, long conversions,
                                           long revenueCents) throws Exception {
        for (String interval : List.of("day", "week", "month")) {
            String html = new UiHttp(port).page(browser, "/ui?interval=" + interval + (asOf == null ? "" : "&as_of=" + asOf));
            Instant at = asOf == null ? Instant.now() : asOf;
            String view = (asOf == null ? "now" : "as of " + asOf) + ", by " + interval;

            assertThat(UiHttp.figure(html, "revenue")).as(view).isEqualTo(format.money(revenueCents, "USD"));
            assertThat(html).as(view).contains(conversions + " conversions");
            assertThat(UiHttp.figure(html, "revenue")).as(view).isEqualTo(format.money(jdbc.sql("""
                            SELECT COALESCE(SUM(amount_cents - refunded_cents), 0) FROM conversions
                            WHERE merchant_id = ? AND created_at <= ?""")
                    .params(merchant, Timestamp.from(at)).query(Long.class).single(), "USD"));

            Map<String, List<String>> expected = seriesOverTheRows(merchant, interval, at);
            Map<String, List<String>> shown = table(html, "series-table");
            assertThat(shown).as(view).hasSize(interval.equals("day") ? 30 : 12);
            shown.forEach((label, cells) -> assertThat(cells).as(view + ": " + label)
                    .isEqualTo(expected.getOrDefault(label, List.of("0", "0", format.money(0L, "USD"), format.money(0L, "USD")))));
            // the window's every bucket is shown (empty ones as zeros), so each one with figures was compared above

            assertThat(table(html, "top-affiliates")).as(view + ": top affiliates").isEqualTo(topOverTheRows(merchant, at));
        }
    }

    /** Conversions, clicks, revenue and commissions per bucket with any, counted over the rows (label → cells). */
    private Map<String, List<String>> seriesOverTheRows(String merchant, String interval, Instant at) {
        String label = switch (interval) {
            case "day" -> "YYYY-MM-DD";
            case "week" -> "IYYY-\"W\"IW";
            default -> "YYYY-MM";
        };
        Timestamp until = Timestamp.from(at);
        Map<String, long[]> buckets = new java.util.TreeMap<>();
        String bucket = "to_char(date_trunc('" + interval + "', created_at AT TIME ZONE 'UTC'), '" + label + "')";
        jdbc.sql("SELECT " + bucket + " AS b, COUNT(*) AS n, SUM(amount_cents - refunded_cents) AS revenue FROM conversions "
                        + "WHERE merchant_id = ? AND created_at <= ? GROUP BY 1")
                .params(merchant, until).query(rs -> {
                    long[] b = buckets.computeIfAbsent(rs.getString("b"), x -> new long[4]);
                    b[0] = rs.getLong("n");
                    b[2] = rs.getLong("revenue");
                });
        jdbc.sql("SELECT " + bucket + " AS b, COUNT(*) AS n FROM click_session WHERE merchant_id = ? AND created_at <= ? GROUP BY 1")
                .params(merchant, until).query(rs -> {
                    buckets.computeIfAbsent(rs.getString("b"), x -> new long[4])[1] = rs.getLong("n");
                });
        jdbc.sql("SELECT " + bucket + " AS b, SUM(amount_cents) AS cents FROM commissions WHERE merchant_id = ? AND created_at <= ? GROUP BY 1")
                .params(merchant, until).query(rs -> {
                    buckets.computeIfAbsent(rs.getString("b"), x -> new long[4])[3] = rs.getLong("cents");
                });
        Map<String, List<String>> rows = new LinkedHashMap<>();
        buckets.forEach((b, v) -> rows.put(b, List.of(String.valueOf(v[0]), String.valueOf(v[1]), format.money(v[2], "USD"),
                format.money(v[3], "USD"))));
        return rows;
    }

    /** The top affiliates counted over the rows, as the overview's table shows them (name → cells). */
    private Map<String, List<String>> topOverTheRows(String merchant, Instant at) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT a.name, COUNT(*) AS n, SUM(c.amount_cents - c.refunded_cents) AS revenue,
                               (SELECT COALESCE(SUM(m.amount_cents), 0) FROM commissions m WHERE m.merchant_id = c.merchant_id
                                  AND m.affiliate_id = c.affiliate_id AND m.created_at <= ? AND m.status NOT IN ('rejected', 'voided')) AS cents
                        FROM conversions c JOIN affiliates a ON a.merchant_id = c.merchant_id AND a.id = c.affiliate_id
                        WHERE c.merchant_id = ? AND c.created_at <= ? GROUP BY c.merchant_id, c.affiliate_id, a.name
                        ORDER BY revenue DESC, n DESC, c.affiliate_id""")
                .params(Timestamp.from(at), merchant, Timestamp.from(at))
                .query(rs -> {
                    rows.put(rs.getString("name"), List.of(String.valueOf(rs.getLong("n")), format.money(rs.getLong("revenue"), "USD"),
                            format.money(rs.getLong("cents"), "USD")));
                });
        return rows;
    }

    private List<String> sums(String merchant, String table) {
        // a day's totals are the sum of its shards (V152: one per projection segment)
        return jdbc.sql("SELECT currency || ' ' || day || ' ' || SUM(conversions) || ' ' || SUM(amount_cents) || ' ' || SUM(refunded_cents) FROM "
                + table + " WHERE merchant_id = ? GROUP BY currency, day ORDER BY 1").param(merchant).query(String.class).list();
    }

    /** A table's body rows: first cell's text → the other cells' texts. */
    private static Map<String, List<String>> table(String html, String id) {
        int start = html.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id + " in " + html).isPositive();
        String body = html.substring(html.indexOf("<tbody>", start), html.indexOf("</tbody>", start));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(body);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).replaceAll("<[^>]+>", "").strip());
            }
            rows.put(cells.get(0), cells.subList(1, cells.size()));
        }
        return rows;
    }

    private void click(String key, String affiliate) throws Exception {
        String shortCode = api.get("/api/v1/affiliates/" + affiliate, key).text("shortCode");
        HttpResponse<String> click = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/r/" + shortCode)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(click.statusCode()).isBetween(301, 308);
    }

    private String commissionOf(String key, String affiliate, long amountCents) {
        Api.Response created = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": " + amountCents + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String conversion = created.text("id");
        return eventually(() -> api.get("/api/v1/commissions?conversion_id=" + conversion, key),
                r -> r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
    }

    /** Caught up, with every segment claimed by this node (a rebuild is refused while one is claimed elsewhere). */
    private void awaitAllCaughtUp() {
        eventually(() -> api.get("/admin/v1/projections", ADMIN_TOKEN), response -> response.status() == 200
                && StreamSupport.stream(response.body().spliterator(), false).allMatch(p -> p.get("caughtUp").asBoolean()
                && p.get("claimedSegments").asInt() == p.get("segments").asInt()));
    }
}
