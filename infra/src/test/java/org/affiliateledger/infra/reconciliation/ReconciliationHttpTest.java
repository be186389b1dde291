package org.affiliateledger.infra.reconciliation;

import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.affiliateledger.infra.support.StripeEvents.idOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/reconciliation} over real HTTP and PostgreSQL: a clean history balances with the right totals,
 * each kind of break made through the API or by an event appended here is reported with its events, unmatched Stripe
 * activity is listed, a report reproduces byte for byte at its position after new activity, the CSV, and bad input.
 */
class ReconciliationHttpTest extends LedgerIntegrationTest {
    private static final String STRIPE_SECRET = "whsec_reconciliationTestSecret0123456";

    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcClient jdbc;

    private record Merchant(String id, String key) {
    }

    private Merchant merchant(String name) {
        Api.Response created = api.post("/admin/v1/merchants", ADMIN_TOKEN, Api.json(Map.of("name", name)));
        assertThat(created.status()).isEqualTo(201);
        Merchant m = new Merchant(created.text("id"), created.body().get("apiKey").get("key").asString());
        // this test writes more than the default 30 times a minute
        Api.Response key = api.post("/api/v1/api-keys", m.key(), "{\"name\": \"recon\", \"scopes\": [\"*\"], "
                + "\"rate_limits\": {\"write_per_minute\": 1000}}");
        assertThat(key.status()).as(key.body().toString()).isEqualTo(201);
        return new Merchant(m.id(), key.text("key"));
    }

    private String conversion(Merchant m, String affiliate, long cents) {
        Api.Response created = api.post("/api/v1/conversions", m.key(),
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": " + cents + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    private String commissionOf(Merchant m, String conversion) {
        return eventually(() -> api.get("/api/v1/conversions/" + conversion, m.key()), r -> r.status() == 200).text("commissionId");
    }

    private void ok(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isBetween(200, 201);
    }

    private void approve(Merchant m, String commission) {
        ok(api.post("/api/v1/commissions/" + commission + "/approve", m.key(), null));
    }

    private String payout(Merchant m, String affiliate) {
        Api.Response created = eventually(() -> api.post("/api/v1/payouts", m.key(), "{\"affiliate_id\": \"" + affiliate + "\"}"),
                r -> r.status() == 201);
        return created.text("id");
    }

    /** The report once the ledger has got as far as the last write (the reconciliation reads the history index). */
    private JsonNode report(Merchant m, String query, java.util.function.Predicate<JsonNode> until) {
        return eventually(() -> api.get("/api/v1/reconciliation" + query, m.key()),
                r -> r.status() == 200 && until.test(r.body())).body();
    }

    private static JsonNode currency(JsonNode report, String currency) {
        for (JsonNode section : report.get("currencies")) {
            if (currency.equals(section.get("currency").asString())) {
                return section;
            }
        }
        throw new AssertionError("no " + currency + " in " + report);
    }

    private static JsonNode affiliate(JsonNode report, String currency, String affiliate) {
        for (JsonNode line : currency(report, currency).get("affiliates")) {
            if (affiliate.equals(line.get("affiliateId").asString())) {
                return line;
            }
        }
        throw new AssertionError("no line of " + affiliate + " in " + report);
    }

    private void inject(String aggregateType, String aggregateId, Object payload) {
        long next = eventStore.lastSequenceNumberFor(aggregateId).map(n -> n + 1).orElse(0L);
        eventStore.publish(new GenericDomainEventMessage<>(aggregateType, aggregateId, next, payload));
    }

    @Test
    void aPositionLostToARolledBackAppendDoesNotHoldReportsBack() {
        Merchant m = merchant("Recon lost position");
        String jane = activeAffiliate(m.key(), "Recon Lost Jane");
        // what a failed append does: the global index's sequence hands out a position that no event ever takes
        jdbc.sql("SELECT nextval(pg_get_serial_sequence('domainevententry', 'globalindex'))").query(Long.class).single();
        conversion(m, jane, 10_000);

        JsonNode report = report(m, "", r -> r.get("currencies").size() == 1);
        assertThat(affiliate(report, "USD", jane).get("revenue").get("manualConversionsCents").asLong()).isEqualTo(10_000);
    }

    @Test
    void aCleanHistoryBalancesWithTheRightTotalsOnEachSide() {
        Merchant m = merchant("Recon clean");
        assertThat(api.patch("/api/v1/program", m.key(), Api.json(Map.of("stripe_webhook_secret", STRIPE_SECRET))).status())
                .isEqualTo(200);
        String jane = activeAffiliate(m.key(), "Recon Jane");
        String joe = activeAffiliate(m.key(), "Recon Joe");
        // jane: a manual sale of 100.00 at 10 % and a Stripe sale of 40.00, a quarter of it refunded
        String manual = conversion(m, jane, 10_000);
        String paidCommission = commissionOf(m, manual);
        String sale = event("charge.succeeded.json", ch -> {
            ch.put("id", "ch_recon_1");
            ch.put("payment_intent", "pi_recon_1");
            ch.put("amount", 4000);
            ch.put("amount_captured", 4000);
            ch.putObject("metadata").put("affiliate_id", jane);
        });
        assertThat(deliver(api, port, m.id(), STRIPE_SECRET, sale).text("outcome")).startsWith("recorded conversion");
        String refund = event("charge.refunded.json", ch -> {
            ch.put("id", "ch_recon_1");
            ch.put("payment_intent", "pi_recon_1");
            ch.put("amount", 4000);
            ch.put("amount_refunded", 1000);
            ((ObjectNode) ch.get("refunds").get("data").get(0)).put("id", "re_recon_1").put("amount", 1000);
        });
        assertThat(deliver(api, port, m.id(), STRIPE_SECRET, refund).text("outcome")).contains("reduced");
        // a refund of a charge the ledger never attributed: listed, not a break
        Instant unmatchedAt = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String stray = event("charge.refunded.json", ch -> {
            ch.put("id", "ch_not_ours");
            ch.remove("payment_intent");
            ch.put("amount", 2500);
            ch.put("amount_refunded", 2500);
            ch.put("currency", "usd");
            ((ObjectNode) ch.get("refunds").get("data").get(0)).put("id", "re_not_ours").put("amount", 2500)
                    .put("created", unmatchedAt.getEpochSecond());
        });
        assertThat(deliver(api, port, m.id(), STRIPE_SECRET, stray).text("outcome")).contains("not an attributed sale");
        // jane is paid her 100.00 sale's commission through a payout; joe's sale waits
        approve(m, paidCommission);
        String payout = payout(m, jane);
        ok(api.post("/api/v1/payouts/" + payout + "/sent", m.key(), "{\"external_reference\": \"tr_1\"}"));
        ok(api.post("/api/v1/payouts/" + payout + "/paid", m.key(), null));
        conversion(m, joe, 2_000);

        JsonNode report = report(m, "", r -> r.get("unmatchedStripeActivity").size() == 1
                && affiliate(r, "USD", jane).get("payouts").get("paidThroughPayoutsCents").asLong() == 1000
                && r.get("currencies").get(0).get("affiliates").size() == 2);
        assertThat(report.get("breaks").size()).as(report.toString()).isZero();
        assertThat(report.get("balanced").asBoolean()).isTrue();
        assertThat(report.get("atPosition").asLong()).isPositive();

        JsonNode janeLine = affiliate(report, "USD", jane);
        assertThat(janeLine.get("revenue").get("manualConversionsCents").asLong()).isEqualTo(10_000);
        assertThat(janeLine.get("revenue").get("stripeChargesCents").asLong()).isEqualTo(4_000);
        assertThat(janeLine.get("revenue").get("refundsCents").asLong()).isEqualTo(1_000);
        JsonNode commissions = janeLine.get("commissions");
        assertThat(commissions.get("earnedCents").asLong()).isEqualTo(1_400);
        assertThat(commissions.get("earned").asLong()).isEqualTo(2);
        assertThat(commissions.get("reducedCents").asLong()).isEqualTo(100);
        assertThat(commissions.get("byRate").get(0).get("rate").asString()).isEqualTo("10");
        assertThat(commissions.get("byRate").get(0).get("baseCents").asLong()).isEqualTo(14_000);
        JsonNode payouts = janeLine.get("payouts");
        assertThat(payouts.get("paidCents").asLong()).isEqualTo(1_000);
        assertThat(payouts.get("paid").asLong()).isEqualTo(1);
        assertThat(payouts.get("commissionsInPaidPayouts").asLong()).isEqualTo(1);
        JsonNode balance = janeLine.get("balance");
        assertThat(balance.get("earnedCents").asLong()).isEqualTo(1_400);
        assertThat(balance.get("paidCents").asLong()).isEqualTo(1_000);
        assertThat(balance.get("pendingCents").asLong()).isEqualTo(300);
        assertThat(balance.get("holds").asBoolean()).isTrue();

        JsonNode total = currency(report, "USD").get("total");
        assertThat(total.get("revenue").get("manualConversionsCents").asLong()).isEqualTo(12_000);
        assertThat(total.get("commissions").get("earnedCents").asLong()).isEqualTo(1_600);
        assertThat(total.get("balance").get("pendingCents").asLong()).isEqualTo(500);
        assertThat(total.get("balance").get("holds").asBoolean()).isTrue();

        JsonNode unmatched = report.get("unmatchedStripeActivity").get(0);
        assertThat(unmatched.get("activity").asString()).isEqualTo("refund");
        assertThat(unmatched.get("chargeId").asString()).isEqualTo("ch_not_ours");
        assertThat(unmatched.get("objectId").asString()).isEqualTo("re_not_ours");
        assertThat(unmatched.get("amountCents").asLong()).isEqualTo(2_500);
        assertThat(unmatched.get("currency").asString()).isEqualTo("USD");
        assertThat(unmatched.get("stripeEventId").asString()).isEqualTo(idOf(stray));
        assertThat(unmatched.get("effectiveAt").asString()).isEqualTo(unmatchedAt.toString().replace("Z", ".000Z"));

        // the period is by effective time: a window that ends before the stray refund leaves it out, and every sale
        String early = "?to=" + unmatchedAt.minusSeconds(1);
        JsonNode before = report(m, early, r -> true);
        assertThat(before.get("unmatchedStripeActivity").size()).isZero();
        assertThat(before.get("to").asString()).isEqualTo(unmatchedAt.minusSeconds(1).toString().replace("Z", ".000Z"));
    }

    @Test
    void clawbacksNettedInALaterPayoutAndAFailedPayoutLeaveNoBreak() {
        Merchant m = merchant("Recon clawback");
        assertThat(api.patch("/api/v1/program", m.key(), Api.json(Map.of("stripe_webhook_secret", STRIPE_SECRET))).status())
                .isEqualTo(200);
        String affiliate = activeAffiliate(m.key(), "Recon Claw");
        String sale = event("charge.succeeded.json", ch -> {
            ch.put("id", "ch_claw_1");
            ch.put("payment_intent", "pi_claw_1");
            ch.put("amount", 10_000);
            ch.put("amount_captured", 10_000);
            ch.putObject("metadata").put("affiliate_id", affiliate);
        });
        assertThat(deliver(api, port, m.id(), STRIPE_SECRET, sale).text("outcome")).startsWith("recorded conversion");
        String first = eventually(() -> api.get("/api/v1/commissions?affiliate_id=" + affiliate, m.key()),
                r -> r.status() == 200 && r.body().get("data").size() == 1).body().get("data").get(0).get("id").asString();
        approve(m, first);
        String paidPayout = payout(m, affiliate);
        ok(api.post("/api/v1/payouts/" + paidPayout + "/sent", m.key(), null));
        ok(api.post("/api/v1/payouts/" + paidPayout + "/paid", m.key(), null));
        awaitStatus(m, first, "paid");
        // 40.00 of the paid sale refunded: a clawback of 40 % of its commission
        String refund = event("charge.refunded.json", ch -> {
            ch.put("id", "ch_claw_1");
            ch.put("payment_intent", "pi_claw_1");
            ch.put("amount", 10_000);
            ch.put("amount_refunded", 4_000);
            ((ObjectNode) ch.get("refunds").get("data").get(0)).put("id", "re_claw_1").put("amount", 4_000);
        });
        assertThat(deliver(api, port, m.id(), STRIPE_SECRET, refund).text("outcome")).contains("clawed back");
        // the clawback nets against the next payout
        approve(m, commissionOf(m, conversion(m, affiliate, 5_000)));
        String netted = payout(m, affiliate);
        ok(api.post("/api/v1/payouts/" + netted + "/sent", m.key(), null));
        ok(api.post("/api/v1/payouts/" + netted + "/paid", m.key(), null));
        // a payout that fails releases its commission
        String released = commissionOf(m, conversion(m, affiliate, 3_000));
        approve(m, released);
        String failed = payout(m, affiliate);
        ok(api.post("/api/v1/payouts/" + failed + "/failed", m.key(), "{\"reason\": \"account closed\"}"));
        eventually(() -> api.get("/api/v1/commissions/" + released, m.key()), r -> r.status() == 200 && r.text("payoutId") == null);

        JsonNode report = report(m, "?currency=USD", r -> r.get("currencies").size() == 1
                && affiliate(r, "USD", affiliate).get("payouts").get("paid").asLong() == 2
                && affiliate(r, "USD", affiliate).get("payouts").get("failed").asLong() == 1
                && affiliate(r, "USD", affiliate).get("balance").get("approvedCents").asLong() == 300
                // the payout saga has paid the netted payout's commissions
                && affiliate(r, "USD", affiliate).get("balance").get("paidCents").asLong() == 1_100);
        assertThat(report.get("breaks").size()).as(report.get("breaks").toString()).isZero();
        JsonNode line = affiliate(report, "USD", affiliate);
        assertThat(line.get("commissions").get("clawedBackCents").asLong()).isEqualTo(400);
        assertThat(line.get("payouts").get("paidCents").asLong()).isEqualTo(1_000 + 100);
        assertThat(line.get("payouts").get("paidThroughPayoutsCents").asLong()).isEqualTo(1_000 + 500 - 400);
        JsonNode balance = line.get("balance");
        assertThat(balance.get("earnedCents").asLong()).isEqualTo(1_800);
        assertThat(balance.get("clawedBackCents").asLong()).isEqualTo(400);
        assertThat(balance.get("paidCents").asLong()).isEqualTo(1_100);
        assertThat(balance.get("holds").asBoolean()).isTrue();
    }

    @Test
    void aReportReproducesByteForByteAtItsPositionAfterNewActivity() throws Exception {
        Merchant m = merchant("Recon replay");
        String affiliate = activeAffiliate(m.key(), "Recon Rita");
        String commission = commissionOf(m, conversion(m, affiliate, 5_000));
        approve(m, commission);
        JsonNode first = report(m, "", r -> r.get("currencies").size() == 1
                && affiliate(r, "USD", affiliate).get("balance").get("approvedCents").asLong() == 500);
        long position = first.get("atPosition").asLong();
        Api.Response json = api.get("/api/v1/reconciliation?at_position=" + position, m.key());
        Api.Response csv = csv(m, "/api/v1/reconciliation?at_position=" + position);
        assertThat(json.header("X-Ledger-At-Position")).isEqualTo(Long.toString(position));

        // new activity: a sale, a payout, a payment; and another merchant's
        conversion(m, affiliate, 7_000);
        String payout = payout(m, affiliate);
        ok(api.post("/api/v1/payouts/" + payout + "/sent", m.key(), null));
        ok(api.post("/api/v1/payouts/" + payout + "/paid", m.key(), null));
        Merchant other = merchant("Recon replay other");
        conversion(other, activeAffiliate(other.key(), "Recon Other"), 3_000);
        report(m, "", r -> r.get("atPosition").asLong() > position
                && affiliate(r, "USD", affiliate).get("payouts").get("paid").asLong() == 1);

        Api.Response again = api.get("/api/v1/reconciliation?at_position=" + position, m.key());
        assertThat(sha256(again.raw().body())).isEqualTo(sha256(json.raw().body()));
        assertThat(again.raw().body()).isEqualTo(json.raw().body());
        assertThat(sha256(csv(m, "/api/v1/reconciliation.csv?at_position=" + position).raw().body()))
                .isEqualTo(sha256(csv.raw().body()));
    }

    /**
     * A bounded period reads the resources it touched and what their invariants need: a sale of 40 days ago whose
     * commission is paid now is folded whole (no break for its payment), but counts in the period's payouts, not its
     * revenue; a sale of 40 days ago nothing touched since is not read at all. Its report reproduces at its position.
     */
    @Test
    void aBoundedPeriodFoldsWhatItTouchedWithTheirWholeHistoryAndReproducesAtItsPosition() throws Exception {
        Merchant m = merchant("Recon bounded");
        assertThat(api.patch("/api/v1/program", m.key(), Api.json(Map.of("stripe_webhook_secret", STRIPE_SECRET))).status())
                .isEqualTo(200);
        String affiliate = activeAffiliate(m.key(), "Recon Bounded");
        Instant now = Instant.now();
        String paidLater = stripeSale(m, affiliate, "ch_bounded_old_paid", 10_000, now.minus(40, ChronoUnit.DAYS));
        stripeSale(m, affiliate, "ch_bounded_old_idle", 20_000, now.minus(40, ChronoUnit.DAYS));
        stripeSale(m, affiliate, "ch_bounded_new", 4_000, now.minus(10, ChronoUnit.DAYS));
        String old = eventually(() -> api.get("/api/v1/conversions/" + paidLater, m.key()),
                r -> r.status() == 200 && r.text("commissionId") != null).text("commissionId");
        approve(m, old);
        String payout = payout(m, affiliate);
        ok(api.post("/api/v1/payouts/" + payout + "/sent", m.key(), null));
        ok(api.post("/api/v1/payouts/" + payout + "/paid", m.key(), null));
        awaitStatus(m, old, "paid");

        String period = "?from=" + now.minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode report = report(m, period, r -> r.get("currencies").size() == 1
                && affiliate(r, "USD", affiliate).get("balance").get("paidCents").asLong() == 1_000);
        assertThat(report.get("breaks").size()).as(report.get("breaks").toString()).isZero();
        JsonNode line = affiliate(report, "USD", affiliate);
        assertThat(line.get("revenue").get("stripeChargesCents").asLong()).as("only the sale of the period").isEqualTo(4_000);
        assertThat(line.get("commissions").get("earnedCents").asLong()).isEqualTo(400);
        assertThat(line.get("payouts").get("paidCents").asLong()).isEqualTo(1_000);
        assertThat(line.get("payouts").get("paidThroughPayoutsCents").asLong()).isEqualTo(1_000);
        JsonNode balance = line.get("balance");
        assertThat(balance.get("earnedCents").asLong()).as("the period's commission and the one paid in it, not the idle one")
                .isEqualTo(1_400);
        assertThat(balance.get("pendingCents").asLong()).isEqualTo(400);
        assertThat(balance.get("holds").asBoolean()).isTrue();

        long position = report.get("atPosition").asLong();
        Api.Response atPosition = api.get("/api/v1/reconciliation" + period + "&at_position=" + position, m.key());
        stripeSale(m, affiliate, "ch_bounded_later", 6_000, now.minus(5, ChronoUnit.DAYS));
        report(m, period, r -> r.get("atPosition").asLong() > position
                && affiliate(r, "USD", affiliate).get("revenue").get("stripeChargesCents").asLong() == 10_000);
        Api.Response again = api.get("/api/v1/reconciliation" + period + "&at_position=" + position, m.key());
        assertThat(again.raw().body()).isEqualTo(atPosition.raw().body());
    }

    private String stripeSale(Merchant m, String affiliate, String charge, long cents, Instant at) {
        String sale = event("charge.succeeded.json", ch -> {
            ch.put("id", charge);
            ch.put("payment_intent", "pi_" + charge);
            ch.put("amount", cents);
            ch.put("amount_captured", cents);
            ch.put("created", at.getEpochSecond());
            ch.putObject("metadata").put("affiliate_id", affiliate);
        });
        Api.Response delivered = deliver(api, port, m.id(), STRIPE_SECRET, sale);
        assertThat(delivered.text("outcome")).startsWith("recorded conversion");
        JsonNode conversions = eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + affiliate + "&limit=100", m.key()),
                r -> r.status() == 200 && r.body().toString().contains(charge)).body().get("data");
        for (JsonNode conversion : conversions) {
            if (conversion.toString().contains(charge)) {
                return conversion.get("id").asString();
            }
        }
        throw new AssertionError("no conversion of " + charge);
    }

    @Test
    void reportsEachKindOfBreakWithTheEventsBehindIt() {
        Merchant m = merchant("Recon breaks");
        // 1. a commission with a wrong amount (appended here: the ledger itself never computes one)
        String wrong = activeAffiliate(m.key(), "Recon Wrong");
        String wrongConversion = conversion(m, wrong, 10_000);
        String injected = "com_01injectedwrongamount000";
        inject("Commission", injected, new CommissionCreated(injected, m.id(), wrongConversion, wrong, 0, 10_000, "10",
                999, "USD", CommissionKind.COMMISSION, null, null));

        // 2. a payout marked paid whose commission was voided meanwhile
        String voided = activeAffiliate(m.key(), "Recon Voided");
        String voidedCommission = commissionOf(m, conversion(m, voided, 8_000));
        approve(m, voidedCommission);
        String voidedPayout = payout(m, voided);
        awaitIncluded(m, voidedCommission);
        inject("Commission", voidedCommission, new CommissionVoided(voidedCommission, m.id(), null, voided, "meanwhile"));
        ok(api.post("/api/v1/payouts/" + voidedPayout + "/sent", m.key(), null));
        ok(api.post("/api/v1/payouts/" + voidedPayout + "/paid", m.key(), null));

        // 3. a commission paid twice
        String twice = activeAffiliate(m.key(), "Recon Twice");
        String twiceConversion = conversion(m, twice, 3_000);
        String twiceCommission = commissionOf(m, twiceConversion);
        approve(m, twiceCommission);
        ok(api.post("/api/v1/commissions/" + twiceCommission + "/pay", m.key(), "{\"reference\": \"manual-1\"}"));
        awaitStatus(m, twiceCommission, "paid");
        inject("Commission", twiceCommission, new CommissionPaid(twiceCommission, m.id(), twiceConversion, twice, 300,
                "USD", "manual-2"));

        // 4. a refund that reduced no commission
        String refunded = activeAffiliate(m.key(), "Recon Refunded");
        String refundedConversion = conversion(m, refunded, 6_000);
        String refundedCommission = commissionOf(m, refundedConversion);
        inject("Conversion", refundedConversion, new ConversionRefunded(refundedConversion, m.id(), 3_000, 6_000, "re_x"));

        // 5. a commission paid while its payout was not
        String outside = activeAffiliate(m.key(), "Recon Outside");
        String outsideConversion = conversion(m, outside, 4_000);
        String outsideCommission = commissionOf(m, outsideConversion);
        approve(m, outsideCommission);
        String outsidePayout = payout(m, outside);
        awaitIncluded(m, outsideCommission);
        inject("Commission", outsideCommission, new CommissionPaid(outsideCommission, m.id(), outsideConversion, outside,
                400, "USD", null));

        // 6. a payout paid for more than its commissions came to
        String reduced = activeAffiliate(m.key(), "Recon Reduced");
        String reducedConversion = conversion(m, reduced, 5_000);
        String reducedCommission = commissionOf(m, reducedConversion);
        approve(m, reducedCommission);
        String reducedPayout = payout(m, reduced);
        awaitIncluded(m, reducedCommission);
        inject("Commission", reducedCommission, new CommissionReduced(reducedCommission, m.id(), reducedConversion, reduced,
                500, 200, "USD", "quietly"));
        ok(api.post("/api/v1/payouts/" + reducedPayout + "/sent", m.key(), null));
        ok(api.post("/api/v1/payouts/" + reducedPayout + "/paid", m.key(), null));
        awaitStatus(m, reducedCommission, "paid");

        JsonNode report = report(m, "", r -> kinds(r).containsAll(Set.of("commission_amount_mismatch",
                "paid_payout_commission_not_paid", "commission_paid_twice", "refund_not_proportional",
                "commission_paid_outside_payout", "payout_amount_mismatch", "balance_invariant_violated")));
        assertThat(report.get("balanced").asBoolean()).isFalse();

        JsonNode amount = one(report, "commission_amount_mismatch", injected);
        assertThat(amount.get("expectedCents").asLong()).isEqualTo(1_000);
        assertThat(amount.get("actualCents").asLong()).isEqualTo(999);
        assertThat(amount.get("rate").asString()).isEqualTo("10");
        assertThat(types(amount)).contains("commission.created", "conversion.recorded");

        JsonNode notPaid = one(report, "paid_payout_commission_not_paid", voidedCommission);
        assertThat(notPaid.get("affiliateId").asString()).isEqualTo(voided);
        assertThat(types(notPaid)).contains("payout.paid", "commission.voided", "commission.included_in_payout");

        JsonNode paidTwice = one(report, "commission_paid_twice", twiceCommission);
        assertThat(paidTwice.get("actualCents").asLong()).isEqualTo(600);
        assertThat(paidTwice.get("events").valueStream().filter(e -> e.get("type").asString().equals("commission.paid")).count())
                .isEqualTo(2);
        JsonNode balance = one(report, "balance_invariant_violated", twice);
        assertThat(balance.get("expectedCents").asLong()).isEqualTo(-300);
        assertThat(balance.get("actualCents").asLong()).isZero();

        JsonNode proportion = one(report, "refund_not_proportional", refundedCommission);
        assertThat(proportion.get("expectedCents").asLong()).isEqualTo(300);
        assertThat(proportion.get("actualCents").asLong()).isEqualTo(600);
        assertThat(types(proportion)).contains("conversion.refunded");

        assertThat(one(report, "commission_paid_outside_payout", outsideCommission).get("actualCents").asLong()).isEqualTo(400);

        JsonNode payoutAmount = one(report, "payout_amount_mismatch", reducedPayout);
        assertThat(payoutAmount.get("expectedCents").asLong()).isEqualTo(200);
        assertThat(payoutAmount.get("actualCents").asLong()).isEqualTo(500);

        assertThat(affiliate(report, "USD", twice).get("breaks").asInt()).isEqualTo(2);
        assertThat(currency(report, "USD").get("total").get("breaks").asInt()).isEqualTo(report.get("breakCount").asInt());
        // the balance invariant fails only where the books say so
        assertThat(report.get("breaks").valueStream().filter(b -> b.get("kind").asString().equals("balance_invariant_violated"))
                .map(b -> b.get("affiliateId").asString()).collect(Collectors.toSet())).isEqualTo(Set.of(twice));
    }

    @Test
    void theCsvIsOneTableOfAffiliatesTotalsBreaksAndUnmatchedActivity() {
        Merchant m = merchant("Recon CSV");
        String affiliate = activeAffiliate(m.key(), "Recon Csv");
        String conversion = conversion(m, affiliate, 2_500);
        String commission = commissionOf(m, conversion);
        inject("Conversion", conversion, new ConversionRefunded(conversion, m.id(), 500, 2_500, "re_csv"));
        report(m, "", r -> r.get("breakCount").asInt() == 1);

        Api.Response byAccept = csv(m, "/api/v1/reconciliation");
        Api.Response byPath = csv(m, "/api/v1/reconciliation.csv");
        for (Api.Response response : List.of(byAccept, byPath)) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("text/csv");
            assertThat(response.raw().body()).endsWith("\r\n");
        }
        assertThat(byAccept.raw().body()).isEqualTo(byPath.raw().body());
        List<String> lines = List.of(byPath.raw().body().split("\r\n"));
        assertThat(lines.get(0)).startsWith("record,at_position,currency,affiliate_id,stripe_charges_cents,")
                .endsWith(",kind,subject_id,expected_cents,actual_cents,event_ids,detail");
        int columns = fields(lines.get(0)).size();
        String position = byPath.header("X-Ledger-At-Position");
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> {
            assertThat(fields(line)).as(line).hasSize(columns);
            assertThat(fields(line).get(1)).isEqualTo(position);
        });
        assertThat(lines).hasSize(4);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("affiliate," + position + ",USD," + affiliate + ",0,2500,"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("total," + position + ",USD,,0,2500,"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("break," + position + ",USD," + affiliate + ",")
                .contains(",refund_not_proportional," + commission + ",200,250,"));
    }

    @Test
    void badInputIsAProblemWithAStableCode() {
        Merchant m = merchant("Recon bad input");
        Map<String, String> codes = Map.of(
                "?from=yesterday", "invalid_instant",
                "?from=2026-03-31T00:00:00Z&to=2026-03-01T00:00:00Z", "from_after_to",
                "?currency=XXY", "invalid_currency",
                "?currency=", "invalid_currency",
                "?at_position=-1", "invalid_at_position",
                "?at_position=twelve", "invalid_at_position",
                "?at_position=" + Long.MAX_VALUE, "at_position_beyond_head",
                "?colour=red", "unknown_parameter");
        codes.forEach((query, code) -> {
            Api.Response response = api.get("/api/v1/reconciliation" + query, m.key());
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.text("code")).as(query).isEqualTo(code);
        });
        assertThat(api.get("/api/v1/reconciliation.csv?at_position=-5", m.key()).text("code")).isEqualTo("invalid_at_position");
        assertThat(api.get("/api/v1/reconciliation", null).status()).isEqualTo(401);
    }

    private void awaitIncluded(Merchant m, String commission) {
        eventually(() -> api.get("/api/v1/commissions/" + commission, m.key()), r -> r.text("payoutId") != null);
    }

    private void awaitStatus(Merchant m, String commission, String status) {
        eventually(() -> api.get("/api/v1/commissions/" + commission, m.key()), r -> status.equals(r.text("status")));
    }

    private Api.Response csv(Merchant m, String path) {
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/csv").GET(),
                m.key());
    }

    private static Set<String> kinds(JsonNode report) {
        return report.get("breaks").valueStream().map(b -> b.get("kind").asString()).collect(Collectors.toSet());
    }

    private static List<String> types(JsonNode found) {
        return found.get("events").valueStream().map(e -> e.get("type").asString()).toList();
    }

    private static JsonNode one(JsonNode report, String kind, String subject) {
        List<JsonNode> found = report.get("breaks").valueStream()
                .filter(b -> b.get("kind").asString().equals(kind) && b.get("subjectId").asString().equals(subject)).toList();
        assertThat(found).as(kind + " of " + subject + " in " + report.get("breaks")).hasSize(1);
        return found.get(0);
    }

    /** The fields of one RFC 4180 line: quoted fields may hold commas and doubled quotes. */
    private static List<String> fields(String line) {
        List<String> fields = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }
}
