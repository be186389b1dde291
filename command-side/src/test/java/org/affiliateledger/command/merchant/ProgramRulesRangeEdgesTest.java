package org.affiliateledger.command.merchant;

import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.FraudRules;
import org.affiliateledger.events.merchant.FraudRulesChange;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every range rule of the program's settings, at both of its edges and just past them. */
class ProgramRulesRangeEdgesTest {
    private static final long MAX_CENTS = 100_000_000_000L;

    private static void refused(Runnable rule, String message) {
        assertThatThrownBy(rule::run)
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage(message)
                .extracting(e -> ((InvalidRequestException) e).code()).isEqualTo("invalid_program_setting");
    }

    @ParameterizedTest(name = "accepts an attribution window of {0} days")
    @ValueSource(ints = {1, 365})
    void acceptsAnAttributionWindowAtEitherEdge(int days) {
        assertThat(ProgramRules.attributionWindowDays(days)).isEqualTo(days);
    }

    @ParameterizedTest(name = "refuses an attribution window of {0} days")
    @ValueSource(ints = {0, 366})
    void refusesAnAttributionWindowJustOutsideTheRange(int days) {
        refused(() -> ProgramRules.attributionWindowDays(days), "attribution_window_days must be between 1 and 365, got " + days);
    }

    @ParameterizedTest(name = "accepts a payout minimum of {0} cents")
    @ValueSource(longs = {0, MAX_CENTS})
    void acceptsAPayoutMinimumAtEitherEdge(long cents) {
        assertThat(ProgramRules.payoutMinimumCents(cents)).isEqualTo(cents);
    }

    @ParameterizedTest(name = "refuses a payout minimum of {0} cents")
    @ValueSource(longs = {-1, MAX_CENTS + 1})
    void refusesAPayoutMinimumJustOutsideTheRange(long cents) {
        refused(() -> ProgramRules.payoutMinimumCents(cents),
                "payout_minimum_cents must be between 0 and " + MAX_CENTS + ", got " + cents);
    }

    @ParameterizedTest(name = "accepts a tax-form threshold of {0} cents")
    @ValueSource(longs = {0, MAX_CENTS})
    void acceptsATaxFormThresholdAtEitherEdge(long cents) {
        assertThat(ProgramRules.taxFormThresholdCents(cents)).isEqualTo(cents);
    }

    @Test
    void acceptsNoTaxFormThresholdAtAll() {
        assertThat(ProgramRules.taxFormThresholdCents(null)).isNull();
    }

    @ParameterizedTest(name = "refuses a tax-form threshold of {0} cents")
    @ValueSource(longs = {-1, MAX_CENTS + 1})
    void refusesATaxFormThresholdJustOutsideTheRange(long cents) {
        refused(() -> ProgramRules.taxFormThresholdCents(cents),
                "tax_form_threshold_cents must be between 0 and " + MAX_CENTS + " (or null for none), got " + cents);
    }

    @Test
    void acceptsTenMlmTiersButNotEleven() {
        List<String> ten = Collections.nCopies(10, "1");
        assertThat(ProgramRules.mlmTierRates(ten)).hasSize(10);
        List<String> eleven = Collections.nCopies(11, "1");
        refused(() -> ProgramRules.mlmTierRates(eleven), "mlm_tier_rates has 11 tiers; at most 10 are allowed");
    }

    private static Map<String, EventReward> rewards(int count) {
        Map<String, EventReward> rewards = new HashMap<>();
        IntStream.range(0, count).forEach(i -> rewards.put("event" + i, new EventReward(100, null)));
        return rewards;
    }

    @Test
    void acceptsAHundredEventTypesButNotMore() {
        assertThat(ProgramRules.eventRewards(rewards(100))).hasSize(100);
        refused(() -> ProgramRules.eventRewards(rewards(101)), "event_rewards has 101 event types; at most 100 are allowed");
    }

    @Test
    void acceptsAFlatRewardOfZeroAndOfTheMaximum() {
        assertThat(ProgramRules.eventRewards(Map.of("signup", new EventReward(0, "5"), "demo", new EventReward(MAX_CENTS, null))))
                .containsEntry("signup", new EventReward(0, "5"))
                .containsEntry("demo", new EventReward(MAX_CENTS, null));
    }

    @ParameterizedTest(name = "refuses a flat reward of {0} cents")
    @ValueSource(longs = {-1, MAX_CENTS + 1})
    void refusesAFlatRewardJustOutsideTheRange(long cents) {
        refused(() -> ProgramRules.eventRewards(Map.of("signup", new EventReward(cents, null))),
                "event_rewards.signup.flat_amount_cents must be between 0 and " + MAX_CENTS);
    }

    @Test
    void acceptsALandingUrlOfTwoThousandCharactersButNotMore() {
        String base = "https://example.com/";
        String atTheLimit = base + "a".repeat(2000 - base.length());
        assertThat(ProgramRules.landingUrl(atTheLimit)).isEqualTo(atTheLimit);
        refused(() -> ProgramRules.landingUrl(atTheLimit + "a"), "landing_url is longer than 2000 characters");
    }

    private static FraudRules velocity(int maxConversions, int windowMinutes) {
        return ProgramRules.fraudRules(FraudRules.DEFAULTS,
                new FraudRulesChange(null, new FraudRulesChange.Velocity(true, maxConversions, windowMinutes), null));
    }

    @Test
    void acceptsVelocityLimitsAtTheirEdges() {
        assertThat(velocity(1, 1).velocity()).isEqualTo(new FraudRules.Velocity(true, 1, 1));
        assertThat(velocity(100_000, 525_600).velocity()).isEqualTo(new FraudRules.Velocity(true, 100_000, 525_600));
    }

    @ParameterizedTest(name = "refuses at most {0} conversions")
    @ValueSource(ints = {0, 100_001})
    void refusesAVelocityCountJustOutsideTheRange(int maxConversions) {
        refused(() -> velocity(maxConversions, 60), "fraud_rules.velocity.max_conversions must be between 1 and 100000");
    }

    @ParameterizedTest(name = "refuses a window of {0} minutes")
    @ValueSource(ints = {0, 525_601})
    void refusesAVelocityWindowJustOutsideTheRange(int windowMinutes) {
        refused(() -> velocity(5, windowMinutes), "fraud_rules.velocity.window_minutes must be between 1 and 525600 (a year)");
    }

    private static FraudRules refundRate(int minConversions) {
        return ProgramRules.fraudRules(FraudRules.DEFAULTS,
                new FraudRulesChange(null, null, new FraudRulesChange.RefundRate(true, "30", minConversions)));
    }

    @Test
    void acceptsARefundRateMinimumAtItsEdges() {
        assertThat(refundRate(1).refundRate()).isEqualTo(new FraudRules.RefundRate(true, "30", 1));
        assertThat(refundRate(100_000).refundRate()).isEqualTo(new FraudRules.RefundRate(true, "30", 100_000));
    }

    @ParameterizedTest(name = "refuses a minimum of {0} conversions")
    @ValueSource(ints = {0, 100_001})
    void refusesARefundRateMinimumJustOutsideTheRange(int minConversions) {
        refused(() -> refundRate(minConversions), "fraud_rules.refund_rate.min_conversions must be between 1 and 100000");
    }

    private static List<PerformanceTier> tiers(int count) {
        List<PerformanceTier> tiers = new ArrayList<>();
        IntStream.rangeClosed(1, count).forEach(i -> tiers.add(new PerformanceTier("tier" + i, i * 1000L, "10")));
        return tiers;
    }

    @Test
    void acceptsTwentyPerformanceTiersButNotMore() {
        assertThat(ProgramRules.performanceTiers(tiers(20))).hasSize(20);
        refused(() -> ProgramRules.performanceTiers(tiers(21)), "performance_tiers has 21 tiers; at most 20 are allowed");
    }

    @Test
    void acceptsAPerformanceTierNameOfSixtyFourCharactersButNotMore() {
        String name = "n".repeat(64);
        assertThat(ProgramRules.performanceTiers(List.of(new PerformanceTier(name, 1, "10"))))
                .containsExactly(new PerformanceTier(name, 1, "10"));
        refused(() -> ProgramRules.performanceTiers(List.of(new PerformanceTier(name + "n", 1, "10"))),
                "every performance tier needs a name of 1 to 64 characters");
    }

    @Test
    void acceptsAPerformanceTierThresholdAtItsEdges() {
        assertThat(ProgramRules.performanceTiers(List.of(new PerformanceTier("top", MAX_CENTS, "20"),
                new PerformanceTier("first", 1, "12"))))
                .containsExactly(new PerformanceTier("first", 1, "12"), new PerformanceTier("top", MAX_CENTS, "20"));
    }

    @ParameterizedTest(name = "refuses a tier starting at {0} cents")
    @ValueSource(longs = {0, MAX_CENTS + 1})
    void refusesAPerformanceTierThresholdJustOutsideTheRange(long cents) {
        refused(() -> ProgramRules.performanceTiers(List.of(new PerformanceTier("silver", cents, "15"))),
                "performance tier \"silver\": min_revenue_cents must be between 1 and " + MAX_CENTS);
    }
}
