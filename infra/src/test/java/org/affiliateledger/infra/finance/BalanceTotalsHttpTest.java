package org.affiliateledger.infra.finance;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merchant totals ({@code GET /api/v1/balances/totals}, read from the day buckets of {@code balance_day_totals} plus
 * the entries of the edge days) equal the sum of every affiliate's balance ({@code GET /api/v1/balances}, which sums the
 * entries themselves), at the present, at past {@code as_of} instants and at past {@code known_at} instants.
 */
class BalanceTotalsHttpTest extends LedgerIntegrationTest {
    private static final String[] FIELDS = {"earned", "reduced", "voided", "clawedBack", "paid", "pending", "held", "approved",
            "inPayout", "unrecoveredClawbacks", "outstanding"};
    /** Movements a commission (or a clawback's negative amount) makes, as the projector writes them. */
    private static final String[][] MOVES = {{"commission", "earned", "pending"}, {"commission", "pending", "approved"},
            {"commission", "pending", "held"}, {"commission", "held", "pending"}, {"commission", "pending", "reduced"},
            {"commission", "approved", "in_payout"}, {"commission", "in_payout", "paid"}, {"commission", "pending", "voided"},
            {"clawback", "pending", "clawed_back"}, {"clawback", "pending", "approved"}, {"clawback", "approved", "in_payout"}};

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void theTotalsFromDayBucketsEqualTheSumOfEveryAffiliatesEntriesNowAsOfAndAsKnownAtAnyInstant() {
        String key = onboardMerchant("Totals From Buckets");
        String merchant = merchantIdOf(key);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant firstDay = now.truncatedTo(ChronoUnit.DAYS).minus(12, ChronoUnit.DAYS);
        Random random = new Random(14_15);
        List<Instant> cuts = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                // effective on one of the last 12 days (some exactly at midnight), recorded then or up to 4 days later
                Instant effective = i % 37 == 0 ? firstDay.plus(random.nextInt(12), ChronoUnit.DAYS)
                        : firstDay.plusSeconds(random.nextInt(12 * 86_400));
                Instant recorded = random.nextInt(4) == 0 ? effective.plusSeconds(random.nextInt(4 * 86_400)) : effective;
                if (recorded.isAfter(now)) {
                    recorded = now;
                }
                String[] move = MOVES[random.nextInt(MOVES.length)];
                long amount = "clawback".equals(move[0]) ? -(1 + random.nextInt(500)) : 1 + random.nextInt(5_000);
                entry(merchant, "aff_" + random.nextInt(4), random.nextInt(3) == 0 ? "EUR" : "USD", i, move, amount,
                        effective, recorded);
                if (i % 80 == 0) {
                    cuts.add(effective);
                    cuts.add(recorded);
                }
            }
            cuts.add(firstDay.plus(5, ChronoUnit.DAYS)); // a midnight
            cuts.add(firstDay.minusSeconds(1)); // before everything

            assertSame(key, "");
            for (Instant asOf : cuts) {
                assertSame(key, "?as_of=" + asOf);
                assertSame(key, "?as_of=" + now + "&known_at=" + asOf);
                for (Instant knownAt : cuts) {
                    assertSame(key, "?as_of=" + asOf + "&known_at=" + knownAt);
                }
            }
            assertThat(totals(key, "?currency=EUR").get(0).get("currency").asString()).isEqualTo("EUR");
            assertThat(totals(key, "?currency=EUR")).hasSize(1);
        } finally {
            jdbc.update("DELETE FROM balance_entries WHERE merchant_id = ?", merchant);
            jdbc.update("DELETE FROM balance_day_totals WHERE merchant_id = ?", merchant);
        }
    }

    /** The totals at a cut, and the sum of every affiliate's balance at the same cut, field by field per currency. */
    private void assertSame(String key, String cut) {
        Map<String, Map<String, Long>> summed = new TreeMap<>();
        String cursor = null;
        do {
            String query = cut.isEmpty() ? "?limit=100" : cut + "&limit=100";
            Api.Response page = api.get("/api/v1/balances" + query + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
            for (JsonNode balance : page.body().get("data")) {
                Map<String, Long> sum = summed.computeIfAbsent(balance.get("currency").asString(), c -> new TreeMap<>());
                for (String field : FIELDS) {
                    sum.merge(field, balance.get(field).asLong(), Long::sum);
                }
            }
            JsonNode next = page.body().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        Map<String, Map<String, Long>> totals = new TreeMap<>();
        for (JsonNode total : totals(key, cut)) {
            Map<String, Long> fields = new TreeMap<>();
            for (String field : FIELDS) {
                fields.put(field, total.get(field).asLong());
            }
            totals.put(total.get("currency").asString(), fields);
        }
        assertThat(totals).as("totals at " + cut).isEqualTo(summed);
    }

    private List<JsonNode> totals(String key, String cut) {
        Api.Response response = api.get("/api/v1/balances/totals" + cut, key);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        List<JsonNode> totals = new ArrayList<>();
        response.body().get("totals").forEach(totals::add);
        return totals;
    }

    /** One balance entry as the projector writes it (the day buckets follow by the table's trigger). */
    private void entry(String merchant, String affiliate, String currency, int n, String[] move, long amount,
                       Instant effective, Instant recorded) {
        jdbc.update("""
                        INSERT INTO balance_entries (merchant_id, affiliate_id, currency, commission_id, commission_kind, movement,
                                                     from_bucket, to_bucket, amount_cents, effective_at, recorded_at, position,
                                                     event_id, event_type, actor)
                        VALUES (?, ?, ?, ?, ?, 'test', ?, ?, ?, ?, ?, ?, ?, 'commission.test', 'test')""",
                merchant, affiliate, currency, "com_" + n, move[0], move[1], move[2], amount, Timestamp.from(effective),
                Timestamp.from(recorded), 1_000_000_000L + n, merchant + "-" + n);
    }
}
