package org.affiliateledger.infra.finance;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.events.common.Timestamps;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Balances on two time axes and statements, over real HTTP on PostgreSQL: a late Stripe refund changes the past as
 * known today but not as known before it arrived; a statement's running balance ends at its closing balance, which is
 * the balance as of its end; the CSV; bad input and other merchants' affiliates.
 */
class FinanceHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_financeTestSigningSecret01234";

    /**
     * The example on today's calendar (recorded times are the ledger's own clock, which a test does not move):
     * "March 20" is 12 days ago, the refund's "March 30" 3 days ago, "March 31" 2 days ago, and "April 1" the instant
     * between recording the sale and receiving the refund, which arrives "April 2", now.
     */
    @Test
    void aLateRefundChangesMarch31AsKnownTodayButNotAsKnownOnApril1() {
        String key = onboardMerchant("Finance Two Axes");
        String merchant = merchantIdOf(key);
        assertThat(api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", SECRET))).status()).isEqualTo(200);
        String affiliate = activeAffiliate(key, "Axis Affiliate");
        Instant today = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant march20 = today.minus(12, ChronoUnit.DAYS);
        Instant march30 = today.minus(3, ChronoUnit.DAYS);
        String march31 = today.minus(2, ChronoUnit.DAYS).toString();
        String march1 = today.minus(30, ChronoUnit.DAYS).toString();

        // the sale: paid on "March 20", told at once
        String sale = event("payment_intent.succeeded.json", pi -> {
            pi.put("id", "pi_axes");
            pi.put("amount", 10000);
            pi.put("amount_received", 10000);
            pi.put("created", march20.getEpochSecond());
            pi.putObject("metadata").put("affiliate_id", affiliate);
            ObjectNode charge = (ObjectNode) pi.get("charges").get("data").get(0);
            charge.put("id", "ch_axes");
            charge.put("payment_intent", "pi_axes");
            charge.put("created", march20.getEpochSecond());
        });
        assertThat(deliver(api, port, merchant, SECRET, sale).text("outcome")).startsWith("recorded conversion");
        String path = "/api/v1/affiliates/" + affiliate + "/balance";
        eventually(() -> api.get(path, key), r -> r.status() == 200 && r.body().get("balances").size() == 1);
        String april1 = Instant.now().toString();

        // the refund: made on "March 30", but Stripe's notice reaches the ledger only now, "April 2"
        String refund = event("charge.refunded.json", ch -> {
            ch.put("id", "ch_axes");
            ch.put("payment_intent", "pi_axes");
            ch.put("amount", 10000);
            ch.put("amount_captured", 10000);
            ch.put("amount_refunded", 4000);
            ObjectNode re = (ObjectNode) ch.get("refunds").get("data").get(0);
            re.put("id", "re_axes");
            re.put("amount", 4000);
            re.put("charge", "ch_axes");
            re.put("created", march30.getEpochSecond());
        });
        assertThat(deliver(api, port, merchant, SECRET, refund).text("outcome")).contains("reduced to 600");

        JsonNode today600 = only(eventually(() -> api.get(path, key), r -> r.status() == 200 && r.body().get("balances").size() == 1
                && r.body().get("balances").get(0).get("pending").asLong() == 600));
        assertThat(today600.get("earned").asLong()).isEqualTo(1000);
        assertThat(today600.get("reduced").asLong()).isEqualTo(400);

        JsonNode march31Today = only(api.get(path + "?as_of=" + march31, key));
        assertThat(march31Today.get("pending").asLong()).as("March 31 as known today includes the refund").isEqualTo(600);
        assertThat(march31Today.get("reduced").asLong()).isEqualTo(400);

        Api.Response asKnownOnApril1 = api.get(path + "?as_of=" + march31 + "&known_at=" + april1, key);
        assertThat(asKnownOnApril1.text("asOf")).isEqualTo(Timestamps.format(Instant.parse(march31)));
        assertThat(asKnownOnApril1.text("knownAt")).isEqualTo(Timestamps.format(Instant.parse(april1)));
        JsonNode march31April1 = only(asKnownOnApril1);
        assertThat(march31April1.get("pending").asLong()).as("March 31 as known on April 1 is untouched").isEqualTo(1000);
        assertThat(march31April1.get("reduced").asLong()).isZero();
        assertThat(march31April1.get("earned").asLong()).isEqualTo(1000);

        assertThat(only(api.get(path + "?as_of=" + march30.minusSeconds(1), key)).get("pending").asLong())
                .as("before the refund took effect").isEqualTo(1000);
        assertThat(api.get(path + "?as_of=" + march20.minusSeconds(1), key).body().get("balances").size()).as("before the sale").isZero();
        assertThat(api.get(path + "?as_of=" + march31 + "&known_at=" + march30, key).body().get("balances").size())
                .as("nothing was known before the sale was").isZero();

        // the same two axes on the list and the totals
        JsonNode listed = api.get("/api/v1/balances?affiliate_id=" + affiliate + "&as_of=" + march31 + "&known_at=" + april1, key)
                .body().get("data");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("pending").asLong()).isEqualTo(1000);
        assertThat(listed.get(0).get("affiliateId").asString()).isEqualTo(affiliate);
        JsonNode totalsThen = api.get("/api/v1/balances/totals?as_of=" + march31 + "&known_at=" + april1, key).body().get("totals");
        assertThat(totalsThen.size()).isEqualTo(1);
        assertThat(totalsThen.get(0).get("pending").asLong()).isEqualTo(1000);
        assertThat(totalsThen.get(0).has("affiliateId")).isFalse();
        assertThat(api.get("/api/v1/balances/totals?as_of=" + march31, key).body().get("totals").get(0)
                .get("pending").asLong()).isEqualTo(600);
        // the totals come from day buckets plus the edge days' entries; with one affiliate they are its entries' sum
        for (String cut : List.of("", "?as_of=" + march31, "?as_of=" + march31 + "&known_at=" + april1,
                "?as_of=" + march30.minusSeconds(1), "?known_at=" + april1)) {
            JsonNode total = api.get("/api/v1/balances/totals" + cut, key).body().get("totals").get(0);
            ObjectNode entrySum = (ObjectNode) only(api.get(path + cut, key)).deepCopy();
            entrySum.remove("affiliateId");
            assertThat(total).as("totals at " + cut).isEqualTo(entrySum);
        }

        // the statement of "March" explains it: earned 1000 on the 20th, reduced by 400 on the 30th (re_axes), told later
        JsonNode march = api.get("/api/v1/affiliates/" + affiliate + "/statement?from=" + march1 + "&to=" + march31, key).body();
        assertThat(march.get("currency").asString()).isEqualTo("USD");
        assertThat(march.get("opening").get("pending").asLong()).isZero();
        List<String> lines = new ArrayList<>();
        march.get("lines").forEach(line -> lines.add(line.get("movement").asString() + " " + line.get("from").asString() + "→"
                + line.get("to").asString() + " " + line.get("amountCents").asLong() + " " + line.get("effectiveAt").asString()
                + " " + text(line, "reference") + " " + text(line, "stripeChargeId") + " " + line.get("balance").get("pending").asLong()));
        assertThat(lines).containsExactly(
                "earned earned→pending 1000 " + Timestamps.format(march20) + " null ch_axes 1000",
                "reduced pending→reduced 400 " + Timestamps.format(march30) + " re_axes ch_axes 600");
        JsonNode reduced = march.get("lines").get(1);
        assertThat(Instant.parse(reduced.get("recordedAt").asString())).as("recorded after April 1").isAfter(Instant.parse(april1));
        assertThat(reduced.get("actor").asString()).startsWith("stripe:evt_");
        assertThat(reduced.get("eventType").asString()).isEqualTo("commission.reduced");
        assertThat(march.get("closing")).isEqualTo(march31Today);
        JsonNode marchThen = api.get("/api/v1/affiliates/" + affiliate + "/statement?from=" + march1 + "&to=" + march31
                + "&known_at=" + april1, key).body();
        assertThat(marchThen.get("lines").size()).isEqualTo(1);
        assertThat(marchThen.get("closing")).isEqualTo(march31April1);
    }

    @Test
    void aStatementsRunningBalanceEndsAtItsClosingBalanceWhichIsTheBalanceAsOfItsEnd() {
        String key = onboardMerchant("Finance Statement");
        String affiliate = activeAffiliate(key, "Statement Affiliate");
        String paidOut = commissionOf(key, conversion(key, affiliate, 5000, "USD"));
        String voided = commissionOf(key, conversion(key, affiliate, 3000, "USD"));
        String approved = commissionOf(key, conversion(key, affiliate, 2000, "USD"));
        commissionOf(key, conversion(key, affiliate, 1000, "USD")); // stays pending
        assertThat(api.post("/api/v1/commissions/" + paidOut + "/approve", key, null).status()).isEqualTo(200);
        Api.Response payout = api.post("/api/v1/payouts", key, Api.json(Map.of("affiliate_id", affiliate)));
        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(201);
        String payoutId = payout.text("id");
        assertThat(api.post("/api/v1/payouts/" + payoutId + "/sent", key, "{\"external_reference\": \"po_1\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/payouts/" + payoutId + "/paid", key, null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/commissions/" + voided + "/void", key, "{\"reason\": \"=HYPERLINK(\\\"x\\\")\"}").status())
                .isEqualTo(200);
        Api.Response last = api.post("/api/v1/commissions/" + approved + "/approve", key, null);
        assertThat(last.status()).isEqualTo(200);

        String balancePath = "/api/v1/affiliates/" + affiliate + "/balance";
        JsonNode now = only(eventually(() -> api.get(balancePath, key, last),
                r -> r.status() == 200 && r.body().get("balances").size() == 1
                        && r.body().get("balances").get(0).get("approved").asLong() == 200
                        && r.body().get("balances").get(0).get("paid").asLong() == 500));
        assertThat(now.get("pending").asLong()).isEqualTo(100);
        assertThat(now.get("voided").asLong()).isEqualTo(300);
        assertThat(now.get("earned").asLong()).isEqualTo(1100);
        assertThat(now.get("outstanding").asLong()).isEqualTo(200);

        String to = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        JsonNode statement = api.get("/api/v1/affiliates/" + affiliate + "/statement?to=" + to, key).body();
        JsonNode lines = statement.get("lines");
        List<String> movements = new ArrayList<>();
        lines.forEach(line -> movements.add(line.get("movement").asString()));
        // the payout's saga pays its commissions a moment later: only the first four are in a fixed order
        assertThat(movements.subList(0, 5)).containsExactly("earned", "earned", "earned", "earned", "approved");
        assertThat(movements).containsExactlyInAnyOrder("earned", "earned", "earned", "earned", "approved",
                "included_in_payout", "paid", "voided", "approved");
        JsonNode paidLine = null;
        for (JsonNode line : lines) {
            if ("paid".equals(line.get("movement").asString())) {
                paidLine = line;
            }
        }
        assertThat(paidLine.get("payoutId").asString()).isEqualTo(payoutId);
        assertThat(paidLine.get("commissionId").asString()).isEqualTo(paidOut);
        assertThat(paidLine.get("from").asString() + "→" + paidLine.get("to").asString()).isEqualTo("in_payout→paid");
        assertThat(lines.get(lines.size() - 1).get("balance")).isEqualTo(statement.get("closing"));
        assertThat(statement.get("closing")).isEqualTo(only(api.get(balancePath + "?as_of=" + to, key)));
        for (JsonNode line : lines) {
            JsonNode b = line.get("balance");
            assertThat(b.get("earned").asLong() - b.get("reduced").asLong() - b.get("voided").asLong()
                    - b.get("clawedBack").asLong() - b.get("paid").asLong())
                    .isEqualTo(b.get("pending").asLong() + b.get("held").asLong() + b.get("approved").asLong()
                            + b.get("inPayout").asLong());
        }
        // from the fifth line on: the opening balance is the first four
        String from = lines.get(4).get("effectiveAt").asString();
        JsonNode later = api.get("/api/v1/affiliates/" + affiliate + "/statement?currency=usd&from=" + from + "&to=" + to, key).body();
        assertThat(later.get("opening").get("pending").asLong()).isEqualTo(1100);
        assertThat(later.get("lines").size()).isEqualTo(5);
        assertThat(later.get("closing")).isEqualTo(statement.get("closing"));

        // CSV: by Accept or by .csv, one header, an opening row, a row per line, a closing row; formulas defused
        Api.Response csv = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/affiliates/"
                + affiliate + "/statement?to=" + to)).header("Accept", "text/csv").GET(), key);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        Api.Response file = api.get("/api/v1/affiliates/" + affiliate + "/statement.csv?to=" + to, key);
        assertThat(file.contentType()).startsWith("text/csv");
        assertThat(file.raw().body()).isEqualTo(csv.raw().body());
        String[] rows = csv.raw().body().split("\r\n", -1);
        assertThat(rows).hasSize(lines.size() + 4); // header, opening, lines, closing, and the empty rest after the last CRLF
        assertThat(rows[0]).startsWith("row,effective_at,recorded_at,position,event_id,event_type,movement,commission_id");
        assertThat(rows[1]).startsWith("opening,");
        assertThat(rows[rows.length - 2]).startsWith("closing," + statement.get("to").asString() + ",");
        assertThat(rows[rows.length - 2]).endsWith(",100,0,200,0,500,300,0,200");
        assertThat(csv.raw().body()).contains(",\"'=HYPERLINK(\"\"x\"\")\",");
        assertThat(rows[2]).startsWith("movement,").contains(",commission,earned,pending,500,USD,");
    }

    @Test
    void badInputIs400AndAnotherMerchantsAffiliateIs404() {
        String key = onboardMerchant("Finance Refusals");
        String affiliate = activeAffiliate(key, "Two Currencies");
        commissionOf(key, conversion(key, affiliate, 1000, "USD"));
        Api.Response euro = api.post("/api/v1/conversions", key,
                Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 2000, "currency", "EUR")));
        assertThat(euro.status()).isEqualTo(201);
        eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/balance", key, euro),
                r -> r.status() == 200 && r.body().get("balances").size() == 2);
        JsonNode balances = api.get("/api/v1/affiliates/" + affiliate + "/balance", key).body().get("balances");
        assertThat(balances.get(0).get("currency").asString()).isEqualTo("EUR");
        assertThat(balances.get(0).get("pending").asLong()).isEqualTo(200);
        assertThat(balances.get(1).get("currency").asString()).isEqualTo("USD");
        assertThat(balances.get(1).get("pending").asLong()).isEqualTo(100);
        assertThat(api.get("/api/v1/affiliates/" + affiliate + "/balance?currency=GBP", key).body().get("balances").get(0)
                .get("pending").asLong()).isZero();

        String b = "/api/v1/affiliates/" + affiliate + "/balance";
        String s = "/api/v1/affiliates/" + affiliate + "/statement";
        problem(api.get(b + "?as_of=yesterday", key), 400, "invalid_instant");
        problem(api.get(b + "?as_of=2999-01-01T00:00:00Z", key), 400, "as_of_in_future");
        problem(api.get(b + "?known_at=2999-01-01T00:00:00Z", key), 400, "instant_in_future");
        problem(api.get(b + "?currency=XXY", key), 400, "invalid_currency");
        problem(api.get(b + "?asof=2026-01-01T00:00:00Z", key), 400, "unknown_parameter");
        problem(api.get("/api/v1/balances?currency=dollars", key), 400, "invalid_currency");
        problem(api.get("/api/v1/balances?min_outstanding=lots", key), 400, null);
        problem(api.get("/api/v1/balances?cursor=abc", key), 400, "invalid_cursor");
        problem(api.get("/api/v1/balances/totals?as_of=2026-02-30T00:00:00Z", key), 400, "invalid_instant");
        problem(api.get(s + "?currency=USD&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", key), 400, "from_after_to");
        problem(api.get(s + "?currency=USD&to=2999-01-01T00:00:00Z", key), 400, "instant_in_future");
        problem(api.get(s, key), 400, "currency_required");
        problem(api.get(s + ".csv", key), 400, "currency_required");
        assertThat(api.get(s + "?currency=EUR", key).body().get("closing").get("pending").asLong()).isEqualTo(200);

        String other = onboardMerchant("Finance Other");
        problem(api.get(b, other), 404, "not_found");
        problem(api.get(s + "?currency=USD", other), 404, "not_found");
        problem(api.get(s + ".csv?currency=USD", other), 404, "not_found");
        problem(api.get("/api/v1/affiliates/aff_01hx5v3k8m2n4p6q8r0s2t4v6w/balance", key), 404, "not_found");
        Api.Response csvOfOther = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + s + "?currency=USD"))
                .header("Accept", "text/csv").GET(), other);
        assertThat(csvOfOther.status()).as("asked for CSV, refused all the same").isEqualTo(404);
        problem(api.get("/api/v1/affiliates/not-an-id/statement", key), 404, "not_found");
        assertThat(api.get("/api/v1/balances?affiliate_id=" + affiliate, other).body().get("data").size())
                .as("another merchant's rows are not listed").isZero();
        assertThat(api.get("/api/v1/balances/totals", other).body().get("totals").size()).isZero();
    }

    @Test
    void listsBalancesByCursorAndFiltersByOutstanding() {
        String key = onboardMerchant("Finance List");
        String first = activeAffiliate(key, "First Lister");
        String second = activeAffiliate(key, "Second Lister");
        commissionOf(key, conversion(key, first, 1000, "USD"));
        String approve = commissionOf(key, conversion(key, second, 3000, "USD"));
        commissionOf(key, conversion(key, second, 5000, "EUR"));
        Api.Response approved = api.post("/api/v1/commissions/" + approve + "/approve", key, null);
        assertThat(approved.status()).isEqualTo(200);
        eventually(() -> api.get("/api/v1/balances/totals?currency=USD", key, approved),
                r -> r.body().get("totals").get(0).get("approved").asLong() == 300);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/balances?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), key).body();
            assertThat(page.get("data").size()).isEqualTo(1);
            JsonNode row = page.get("data").get(0);
            seen.add(row.get("affiliateId").asString() + " " + row.get("currency").asString() + " "
                    + row.get("outstanding").asLong());
            cursor = text(page, "next_cursor");
        } while (cursor != null);
        assertThat(seen).containsExactly(second + " USD 300", second + " EUR 0", first + " USD 0");

        JsonNode owed = api.get("/api/v1/balances?min_outstanding=1", key).body().get("data");
        assertThat(owed.size()).isEqualTo(1);
        assertThat(owed.get(0).get("affiliateId").asString()).isEqualTo(second);
        assertThat(api.get("/api/v1/balances?currency=EUR", key).body().get("data").size()).isEqualTo(1);
        JsonNode totals = api.get("/api/v1/balances/totals", key).body().get("totals");
        assertThat(totals.size()).isEqualTo(2);
        assertThat(totals.get(0).get("currency").asString()).isEqualTo("EUR");
        assertThat(totals.get(0).get("pending").asLong()).isEqualTo(500);
        assertThat(totals.get(1).get("pending").asLong()).isEqualTo(100);
        assertThat(totals.get(1).get("approved").asLong()).isEqualTo(300);
    }

    // ---- helpers ----

    private static JsonNode only(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JsonNode balances = response.body().get("balances");
        assertThat(balances.size()).as(response.body().toString()).isEqualTo(1);
        return balances.get(0);
    }

    private static void problem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (code != null) {
            assertThat(response.text("code")).as(response.raw().body()).isEqualTo(code);
        }
    }

    private String conversion(String key, String affiliate, long amountCents, String currency) {
        Api.Response recorded = api.post("/api/v1/conversions", key,
                Api.json(Map.of("affiliate_id", affiliate, "amount_cents", amountCents, "currency", currency)));
        assertThat(recorded.status()).as(recorded.body().toString()).isEqualTo(201);
        return recorded.text("id");
    }

    private String commissionOf(String key, String conversion) {
        return eventually(() -> api.get("/api/v1/conversions/" + conversion, key), r -> r.status() == 200).text("commissionId");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
