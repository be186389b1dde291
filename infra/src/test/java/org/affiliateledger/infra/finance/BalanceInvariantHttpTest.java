package org.affiliateledger.infra.finance;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.StripeEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The balance invariant after a long seeded-random history made through the real API and signed Stripe events — sales
 * (with an MLM parent's tier commissions, in two currencies), partial and full refunds, disputes opened, won and lost,
 * approvals, voids, payouts sent, paid and failed: for every affiliate and currency,
 * earned − reduced − voided − clawed back − paid = pending + held + approved + in payout; and each bucket equals what the
 * commissions read model (another projection of the same events) says, the totals are the sum of the affiliates, and
 * every statement line's running balance keeps the invariant too.
 */
class BalanceInvariantHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_invariantTestSigningSecret012";
    private static final long SEED = 14L;
    private static final int STEPS = 90;

    private final Random random = new Random(SEED);
    private final List<Sale> sales = new ArrayList<>();
    private final List<String[]> openDisputes = new ArrayList<>();
    private String key;
    private String merchant;
    private int counter;

    private static final class Sale {
        final String charge;
        final String paymentIntent;
        final long amount;
        final String currency;
        long refunded;
        long lost;
        boolean disputed;

        Sale(String charge, String paymentIntent, long amount, String currency) {
            this.charge = charge;
            this.paymentIntent = paymentIntent;
            this.amount = amount;
            this.currency = currency;
        }

        long remaining() {
            return amount - refunded - lost;
        }
    }

    @Test
    void theInvariantHoldsForEveryAffiliateAfterARandomHistory() {
        String admin = onboardMerchant("Finance Invariant");
        merchant = merchantIdOf(admin);
        Api.Response issued = api.post("/api/v1/api-keys", admin,
                "{\"name\": \"invariant\", \"scopes\": [\"*\"], \"rate_limits\": {\"write_per_minute\": 100000}}");
        assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
        key = issued.text("key");
        Api.Response program = api.patch("/api/v1/program", key,
                Api.json(Map.of("stripe_webhook_secret", SECRET, "mlm_tier_rates", List.of("5"))));
        assertThat(program.status()).as(program.body().toString()).isEqualTo(200);
        String parent = activeAffiliate(key, "Parent Seller");
        List<String> affiliates = new ArrayList<>(List.of(parent));
        for (String name : List.of("Child One", "Child Two")) {
            Api.Response child = api.post("/api/v1/affiliates", key, Api.json(Map.of("name", name, "status", "active",
                    "email", name.toLowerCase().replace(' ', '.') + "@example.com", "parent_id", parent)));
            assertThat(child.status()).as(child.body().toString()).isEqualTo(201);
            affiliates.add(child.text("id"));
        }
        for (String affiliate : affiliates) {
            assertThat(api.post("/api/v1/affiliates/" + affiliate + "/tax-form", key,
                    "{\"form_type\": \"W-9\", \"received_on\": \"2026-01-05\"}").status()).isEqualTo(200);
        }
        Instant start = Instant.now();

        Api.Response last = null;
        for (int step = 0; step < STEPS; step++) {
            int roll = random.nextInt(100);
            Api.Response done;
            if (roll < 30 || sales.isEmpty()) {
                done = sale(affiliates.get(random.nextInt(affiliates.size())));
            } else if (roll < 42) {
                done = refund();
            } else if (roll < 50) {
                done = openDispute();
            } else if (roll < 58) {
                done = closeDispute();
            } else if (roll < 75) {
                done = decide(last, "pending", "approve");
            } else if (roll < 80) {
                done = decide(last, random.nextBoolean() ? "pending" : "approved", "void");
            } else {
                done = payout(affiliates.get(random.nextInt(affiliates.size())), random.nextInt(4) == 0 ? "EUR" : "USD");
            }
            if (done != null) {
                last = done;
            }
        }

        // every projection has caught up once the balances agree with the commissions read model for every affiliate
        Map<String, Map<String, long[]>> expected = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            expected.clear();
            for (String affiliate : affiliates) {
                Map<String, long[]> fromCommissions = fromCommissions(affiliate);
                Map<String, long[]> fromBalances = fromBalances(affiliate);
                assertThat(render(fromBalances)).as("balances of %s", affiliate).isEqualTo(render(fromCommissions));
                expected.put(affiliate, fromCommissions);
            }
        });

        Map<String, long[]> sum = new TreeMap<>();
        int balancesSeen = 0;
        for (String affiliate : affiliates) {
            for (JsonNode balance : api.get("/api/v1/affiliates/" + affiliate + "/balance", key).body().get("balances")) {
                balancesSeen++;
                assertInvariant(balance);
                long[] total = sum.computeIfAbsent(balance.get("currency").asString(), c -> new long[FIELDS.length]);
                for (int i = 0; i < FIELDS.length; i++) {
                    total[i] += balance.get(FIELDS[i]).asLong();
                }
                // the statement's running balance keeps the invariant at every movement and ends at the balance
                JsonNode statement = api.get("/api/v1/affiliates/" + affiliate + "/statement?currency="
                        + balance.get("currency").asString(), key).body();
                for (JsonNode line : statement.get("lines")) {
                    assertInvariant(line.get("balance"));
                }
                assertThat(statement.get("closing")).isEqualTo(balance);
            }
        }
        assertThat(balancesSeen).as("the random history reached several affiliates").isGreaterThanOrEqualTo(3);
        Map<String, long[]> totals = new TreeMap<>();
        for (JsonNode total : api.get("/api/v1/balances/totals", key).body().get("totals")) {
            assertInvariant(total);
            long[] values = new long[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                values[i] = total.get(FIELDS[i]).asLong();
            }
            totals.put(total.get("currency").asString(), values);
        }
        assertThat(render(totals)).isEqualTo(render(sum));
        // the history went through every kind of movement (so the invariant was tested on each)
        long[] everything = new long[FIELDS.length];
        sum.values().forEach(v -> {
            for (int i = 0; i < FIELDS.length; i++) {
                everything[i] += Math.abs(v[i]);
            }
        });
        for (String field : List.of("earned", "reduced", "voided", "clawedBack", "paid", "pending", "approved")) {
            assertThat(everything[List.of(FIELDS).indexOf(field)]).as("some money is %s in %s", field, render(sum)).isPositive();
        }
        assertThat(api.get("/api/v1/balances?limit=100", key).body().get("data").size()).isEqualTo(balancesSeen);

        // a rebuild replays every event into an emptied table and gives back exactly the same entries
        Map<String, JsonNode> statements = new TreeMap<>();
        for (String affiliate : affiliates) {
            for (JsonNode balance : api.get("/api/v1/affiliates/" + affiliate + "/balance", key).body().get("balances")) {
                String currency = balance.get("currency").asString();
                statements.put(affiliate + " " + currency, api.get("/api/v1/affiliates/" + affiliate + "/statement?currency="
                        + currency + "&to=" + Instant.now(), key).body().get("lines"));
            }
        }
        Api.Response rebuild = api.post("/admin/v1/projections/rebuild?name=" + "balances", ADMIN_TOKEN, null);
        assertThat(rebuild.status()).as(rebuild.raw().body()).isEqualTo(202);
        eventually(() -> api.get("/admin/v1/projections", ADMIN_TOKEN), r -> {
            for (JsonNode projection : r.body()) {
                if ("balances".equals(projection.get("name").asString())) {
                    return projection.get("caughtUp").asBoolean();
                }
            }
            return false;
        });
        Map<String, JsonNode> rebuilt = new TreeMap<>();
        for (String affiliateAndCurrency : statements.keySet()) {
            String[] parts = affiliateAndCurrency.split(" ");
            rebuilt.put(affiliateAndCurrency, api.get("/api/v1/affiliates/" + parts[0] + "/statement?currency=" + parts[1]
                    + "&to=" + Instant.now(), key).body().get("lines"));
        }
        assertThat(rebuilt).isEqualTo(statements);

        // and at any moment in between, on both axes
        Instant end = Instant.now();
        for (int i = 1; i <= 5; i++) {
            Instant at = start.plus(Duration.between(start, end).multipliedBy(i).dividedBy(6));
            for (String affiliate : affiliates) {
                for (JsonNode balance : api.get("/api/v1/affiliates/" + affiliate + "/balance?as_of=" + at, key).body().get("balances")) {
                    assertInvariant(balance);
                }
                for (JsonNode balance : api.get("/api/v1/affiliates/" + affiliate + "/balance?known_at=" + at, key).body().get("balances")) {
                    assertInvariant(balance);
                }
            }
        }
    }

    // ---- the operations ----

    private Api.Response sale(String affiliate) {
        int n = ++counter;
        long amount = 1000 + random.nextInt(190) * 100L;
        String currency = random.nextInt(4) == 0 ? "EUR" : "USD";
        Sale sale = new Sale("ch_inv" + n, "pi_inv" + n, amount, currency);
        String body = event("payment_intent.succeeded.json", pi -> {
            pi.put("id", sale.paymentIntent);
            pi.put("amount", amount);
            pi.put("amount_received", amount);
            pi.put("currency", currency.toLowerCase());
            pi.put("receipt_email", "buyer" + n + "@example.net");
            pi.putObject("metadata").put("affiliate_id", affiliate);
            ObjectNode charge = (ObjectNode) pi.get("charges").get("data").get(0);
            charge.put("id", sale.charge);
            charge.put("payment_intent", sale.paymentIntent);
            charge.put("amount", amount);
            charge.put("currency", currency.toLowerCase());
            charge.put("created", Instant.now().getEpochSecond());
        });
        Api.Response delivered = deliver(api, port, merchant, SECRET, body);
        assertThat(delivered.status()).as(delivered.raw().body()).isEqualTo(200);
        sales.add(sale);
        return delivered;
    }

    private Api.Response refund() {
        Sale sale = sales.get(random.nextInt(sales.size()));
        if (sale.remaining() <= 0) {
            return null;
        }
        long more = random.nextBoolean() ? sale.remaining() : 1 + random.nextInt((int) sale.remaining());
        sale.refunded += more;
        int n = ++counter;
        String body = event("charge.refunded.json", ch -> {
            ch.put("id", sale.charge);
            ch.put("payment_intent", sale.paymentIntent);
            ch.put("amount", sale.amount);
            ch.put("amount_captured", sale.amount);
            ch.put("amount_refunded", sale.refunded);
            ch.put("currency", sale.currency.toLowerCase());
            ObjectNode re = (ObjectNode) ch.get("refunds").get("data").get(0);
            re.put("id", "re_inv" + n);
            re.put("amount", more);
            re.put("charge", sale.charge);
            re.put("created", Instant.now().getEpochSecond());
        });
        Api.Response delivered = deliver(api, port, merchant, SECRET, body);
        assertThat(delivered.status()).as(delivered.raw().body()).isEqualTo(200);
        return delivered;
    }

    private Api.Response openDispute() {
        Sale sale = sales.get(random.nextInt(sales.size()));
        if (sale.disputed || sale.remaining() <= 0) {
            return null;
        }
        sale.disputed = true;
        String dispute = "dp_inv" + (++counter);
        long amount = random.nextBoolean() ? sale.remaining() : 1 + random.nextInt((int) sale.remaining());
        openDisputes.add(new String[]{dispute, Integer.toString(sales.indexOf(sale)), Long.toString(amount)});
        return deliverDispute("charge.dispute.created", dispute, sale, amount, "needs_response");
    }

    private Api.Response closeDispute() {
        if (openDisputes.isEmpty()) {
            return null;
        }
        String[] open = openDisputes.remove(random.nextInt(openDisputes.size()));
        Sale sale = sales.get(Integer.parseInt(open[1]));
        long amount = Long.parseLong(open[2]);
        boolean won = random.nextBoolean();
        sale.disputed = false;
        if (!won) {
            sale.lost += Math.min(amount, sale.remaining());
        }
        return deliverDispute("charge.dispute.closed", open[0], sale, amount, won ? "won" : "lost");
    }

    private Api.Response deliverDispute(String type, String dispute, Sale sale, long amount, String status) {
        ObjectNode object = (ObjectNode) StripeEvents.load("charge.dispute.created.json").get("data").get("object");
        object.put("id", dispute);
        object.put("charge", sale.charge);
        object.put("payment_intent", sale.paymentIntent);
        object.put("amount", amount);
        object.put("currency", sale.currency.toLowerCase());
        object.put("status", status);
        object.put("created", Instant.now().getEpochSecond());
        Api.Response delivered = deliver(api, port, merchant, SECRET, StripeEvents.envelope(type, object));
        assertThat(delivered.status()).as(delivered.raw().body()).isEqualTo(200);
        return delivered;
    }

    /** Approves or voids a random commission in {@code status}; refusals (a flag, a payout's reservation) are fine. */
    private Api.Response decide(Api.Response after, String status, String action) {
        JsonNode data = api.get("/api/v1/commissions?status=" + status + "&limit=100", key, after).body().get("data");
        if (data == null || data.isEmpty()) {
            return null;
        }
        String commission = data.get(random.nextInt(data.size())).get("id").asString();
        Api.Response decided = api.post("/api/v1/commissions/" + commission + "/" + action, key,
                "void".equals(action) ? "{\"reason\": \"random\"}" : null);
        assertThat(decided.status()).as(decided.raw().body()).isIn(200, 409);
        return decided.status() == 200 ? decided : null;
    }

    private Api.Response payout(String affiliate, String currency) {
        Api.Response created = api.post("/api/v1/payouts", key, Api.json(Map.of("affiliate_id", affiliate, "currency", currency)));
        assertThat(created.status()).as(created.raw().body()).isIn(201, 422);
        if (created.status() != 201) {
            return null;
        }
        String payout = created.text("id");
        int fate = random.nextInt(4);
        if (fate == 0) {
            return created; // stays created: its commissions stay in payout
        }
        Api.Response sent = api.post("/api/v1/payouts/" + payout + "/sent", key, "{\"external_reference\": \"tr_" + payout + "\"}");
        assertThat(sent.status()).as(sent.raw().body()).isEqualTo(200);
        Api.Response end = fate == 1
                ? api.post("/api/v1/payouts/" + payout + "/failed", key, "{\"reason\": \"bounced\"}")
                : api.post("/api/v1/payouts/" + payout + "/paid", key, null);
        assertThat(end.status()).as(end.raw().body()).isEqualTo(200);
        return end;
    }

    // ---- the two views of the same money ----

    private static final String[] FIELDS = {"earned", "reduced", "voided", "clawedBack", "paid", "pending", "held", "approved",
            "inPayout", "unrecoveredClawbacks", "outstanding"};

    private Map<String, long[]> fromBalances(String affiliate) {
        Map<String, long[]> balances = new TreeMap<>();
        for (JsonNode balance : api.get("/api/v1/affiliates/" + affiliate + "/balance", key).body().get("balances")) {
            long[] values = new long[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                values[i] = balance.get(FIELDS[i]).asLong();
            }
            balances.put(balance.get("currency").asString(), values);
        }
        return balances;
    }

    /** The same buckets, computed from the commissions read model: each commission's status, flag, payout and amounts. */
    private Map<String, long[]> fromCommissions(String affiliate) {
        Map<String, long[]> balances = new TreeMap<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/commissions?limit=100&affiliate_id=" + affiliate
                    + (cursor == null ? "" : "&cursor=" + cursor), key).body();
            for (JsonNode c : page.get("data")) {
                long[] v = balances.computeIfAbsent(c.get("currency").asString(), k -> new long[FIELDS.length]);
                long amount = c.get("amountCents").asLong();
                long original = c.get("originalAmountCents").asLong();
                boolean clawback = "clawback".equals(c.get("kind").asString());
                if (clawback) {
                    v[3] += -original;
                } else {
                    v[0] += original;
                    v[1] += original - amount;
                }
                String status = c.get("status").asString();
                boolean inPayout = !c.get("payoutId").isNull();
                int bucket = switch (status) {
                    case "pending" -> c.get("flagged").asBoolean() ? 6 : 5;
                    case "held" -> 6;
                    case "approved" -> inPayout ? 8 : 7;
                    case "paid" -> 4;
                    default -> 2; // voided, rejected
                };
                v[bucket] += amount;
                if (clawback && (bucket == 5 || bucket == 6 || bucket == 7 || bucket == 8)) {
                    v[9] += -amount;
                }
                if (clawback && (bucket == 5 || bucket == 6)) {
                    v[10] += amount;
                }
            }
            JsonNode next = page.get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        balances.values().forEach(v -> v[10] += v[7] + v[8]);
        return balances;
    }

    private static String render(Map<String, long[]> balances) {
        StringBuilder text = new StringBuilder();
        balances.forEach((currency, values) -> {
            text.append(currency);
            for (int i = 0; i < FIELDS.length; i++) {
                text.append(' ').append(FIELDS[i]).append('=').append(values[i]);
            }
            text.append('\n');
        });
        return text.toString();
    }

    private static void assertInvariant(JsonNode b) {
        assertThat(b.get("earned").asLong() - b.get("reduced").asLong() - b.get("voided").asLong() - b.get("clawedBack").asLong()
                - b.get("paid").asLong())
                .as("earned − reduced − voided − clawed back − paid = pending + held + approved + in payout in %s", b)
                .isEqualTo(b.get("pending").asLong() + b.get("held").asLong() + b.get("approved").asLong()
                        + b.get("inPayout").asLong());
    }
}
