package org.affiliateledger.command.merchant;

import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.merchant.AttributionSettingsChanged;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.ChangeProgramSettings.ThresholdChange;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.EventRewardsChanged;
import org.affiliateledger.events.merchant.FraudRules;
import org.affiliateledger.events.merchant.FraudRules.RefundRate;
import org.affiliateledger.events.merchant.FraudRules.SelfReferral;
import org.affiliateledger.events.merchant.FraudRules.Velocity;
import org.affiliateledger.events.merchant.FraudRulesChanged;
import org.affiliateledger.events.merchant.FraudRulesChange;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.MlmTierRatesChanged;
import org.affiliateledger.events.merchant.PayoutRulesChanged;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.affiliateledger.events.merchant.PerformanceTiersChanged;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The program settings of the Cobalz features: MLM tiers, event rewards, links, payouts, fraud rules, performance tiers. */
class ProgramRulesTest {
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private FixtureConfiguration<Merchant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Merchant.class);
        fixture.registerCommandHandlerInterceptor(new StripeSecretsKeeping(new MerchantTest.RecordingSecrets()));
    }

    private static MerchantCreated created() {
        return new MerchantCreated(MER, "Acme", "10", "USD");
    }

    private static ChangeProgramSettings change(List<String> tiers, Map<String, EventReward> rewards, String landingUrl,
                                                Integer window, Long minimum, ThresholdChange threshold, FraudRulesChange fraud,
                                                List<PerformanceTier> performance) {
        return new ChangeProgramSettings(MER, null, null, null, null, tiers, rewards, landingUrl, window, minimum, threshold,
                fraud, performance);
    }

    private static ChangeProgramSettings tiers(List<String> tiers) {
        return change(tiers, null, null, null, null, null, null, null);
    }

    // ---- MLM tier rates ----

    @Test
    void recordsMlmTierRatesInCanonicalForm() {
        fixture.given(created())
                .when(tiers(List.of("5.0", "2")))
                .expectEvents(new MlmTierRatesChanged(MER, List.of("5", "2")));
    }

    @Test
    void recordsNothingWhenMlmTierRatesAreUnchanged() {
        fixture.given(created(), new MlmTierRatesChanged(MER, List.of("5", "2")))
                .when(tiers(List.of("5", "2.00")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void switchesMlmOffWithAnEmptyList() {
        fixture.given(created(), new MlmTierRatesChanged(MER, List.of("5")))
                .when(tiers(List.of()))
                .expectEvents(new MlmTierRatesChanged(MER, List.of()));
    }

    @Test
    void refusesMoreThanTenMlmTiers() {
        fixture.given(created())
                .when(tiers(Collections.nCopies(11, "1")))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("mlm_tier_rates has 11 tiers; at most 10 are allowed")
                .expectNoEvents();
    }

    @Test
    void refusesAnMlmTierRateAboveOneHundredPercent() {
        fixture.given(created())
                .when(tiers(List.of("5", "101")))
                .expectException(InvalidRequestException.class)
                .expectNoEvents();
    }

    // ---- event rewards ----

    @Test
    void recordsEventRewardsWithLowerCaseTypesAndCanonicalRates() {
        fixture.given(created())
                .when(change(null, Map.of("Trial_Started", new EventReward(500, null), "lead", new EventReward(0, "12.50")),
                        null, null, null, null, null, null))
                .expectEvents(new EventRewardsChanged(MER, Map.of("trial_started", new EventReward(500, null),
                        "lead", new EventReward(0, "12.5"))));
    }

    @ParameterizedTest(name = "refuses event type \"{0}\"")
    @ValueSource(strings = {"", "1lead", "lead started", "lead/x"})
    void refusesEventTypesThatAreNotSimpleNames(String type) {
        fixture.given(created())
                .when(change(null, Map.of(type, new EventReward(1, null)), null, null, null, null, null, null))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("event type \"" + type + "\" must start with a letter and use only a-z, 0-9, '_', '.', ':', '-' (at most 64)")
                .expectNoEvents();
    }

    @Test
    void refusesANegativeFlatReward() {
        fixture.given(created())
                .when(change(null, Map.of("lead", new EventReward(-1, null)), null, null, null, null, null, null))
                .expectException(InvalidRequestException.class)
                .expectNoEvents();
    }

    // ---- landing URL and attribution window ----

    @Test
    void setsTheLandingUrlAndKeepsTheWindow() {
        fixture.given(created())
                .when(change(null, null, "https://acme.example/pricing?plan=pro", null, null, null, null, null))
                .expectEvents(new AttributionSettingsChanged(MER, "https://acme.example/pricing?plan=pro", 30));
    }

    @Test
    void changesTheWindowAndKeepsTheLandingUrl() {
        fixture.given(created(), new AttributionSettingsChanged(MER, "https://acme.example", 30))
                .when(change(null, null, null, 7, null, null, null, null))
                .expectEvents(new AttributionSettingsChanged(MER, "https://acme.example", 7));
    }

    @Test
    void removesTheLandingUrlWithAnEmptyString() {
        fixture.given(created(), new AttributionSettingsChanged(MER, "https://acme.example", 30))
                .when(change(null, null, "", null, null, null, null, null))
                .expectEvents(new AttributionSettingsChanged(MER, null, 30));
    }

    @ParameterizedTest(name = "refuses landing URL {0}")
    @ValueSource(strings = {"acme.example", "ftp://acme.example", "javascript:alert(1)", "https://acme.example/#top", "https://"})
    void refusesALandingUrlThatIsNotAnAbsoluteHttpUrl(String url) {
        fixture.given(created())
                .when(change(null, null, url, null, null, null, null, null))
                .expectException(InvalidRequestException.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "refuses an attribution window of {0} days")
    @ValueSource(ints = {0, -1, 366})
    void refusesAnAttributionWindowOutsideOneTo365Days(int days) {
        fixture.given(created())
                .when(change(null, null, null, days, null, null, null, null))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("attribution_window_days must be between 1 and 365, got " + days)
                .expectNoEvents();
    }

    // ---- payout minimum and tax-form threshold ----

    @Test
    void setsThePayoutMinimumAndTaxFormThreshold() {
        fixture.given(created())
                .when(change(null, null, null, null, 5000L, new ThresholdChange(60000L), null, null))
                .expectEvents(new PayoutRulesChanged(MER, 5000, 60000L));
    }

    @Test
    void removesTheTaxFormRequirementAndKeepsTheMinimum() {
        fixture.given(created(), new PayoutRulesChanged(MER, 5000, 60000L))
                .when(change(null, null, null, null, null, new ThresholdChange(null), null, null))
                .expectEvents(new PayoutRulesChanged(MER, 5000, null));
    }

    @Test
    void recordsNothingWhenThePayoutMinimumAndThresholdAreUnchanged() {
        fixture.given(created(), new PayoutRulesChanged(MER, 5000, 60000L))
                .when(change(null, null, null, null, 5000L, new ThresholdChange(60000L), null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void changesOnlyThePayoutMinimumAndKeepsTheThreshold() {
        fixture.given(created(), new PayoutRulesChanged(MER, 5000, 60000L))
                .when(change(null, null, null, null, 7000L, null, null, null))
                .expectEvents(new PayoutRulesChanged(MER, 7000, 60000L));
    }

    @Test
    void refusesANegativePayoutMinimum() {
        fixture.given(created())
                .when(change(null, null, null, null, -1L, null, null, null))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("payout_minimum_cents must be between 0 and 100000000000, got -1")
                .expectNoEvents();
    }

    // ---- fraud rules ----

    @Test
    void replacesOnlyTheFraudRulesGiven() {
        fixture.given(created())
                .when(change(null, null, null, null, null, null, new FraudRulesChange(null, new FraudRulesChange.Velocity(true, 3, 10), null), null))
                .expectEvents(new FraudRulesChanged(MER, new FraudRules(SelfReferral.DEFAULT, new Velocity(true, 3, 10), RefundRate.DEFAULT)));
    }

    @Test
    void switchesSelfReferralOff() {
        fixture.given(created())
                .when(change(null, null, null, null, null, null, new FraudRulesChange(new FraudRulesChange.SelfReferral(false), null, null), null))
                .expectEvents(new FraudRulesChanged(MER, new FraudRules(new SelfReferral(false), Velocity.DEFAULT, RefundRate.DEFAULT)));
    }

    @Test
    void mergesAPartialFraudRuleFieldByFieldKeepingWhetherItIsOn() {
        fixture.given(created(), new FraudRulesChanged(MER, new FraudRules(SelfReferral.DEFAULT, new Velocity(true, 3, 10),
                        RefundRate.DEFAULT)))
                .when(change(null, null, null, null, null, null,
                        new FraudRulesChange(null, new FraudRulesChange.Velocity(null, 10, null), null), null))
                .expectEvents(new FraudRulesChanged(MER, new FraudRules(SelfReferral.DEFAULT, new Velocity(true, 10, 10),
                        RefundRate.DEFAULT)));
    }

    @Test
    void keepsTheOtherFieldsOfARuleWhenOnlyItsSwitchIsGiven() {
        fixture.given(created(), new FraudRulesChanged(MER, new FraudRules(SelfReferral.DEFAULT, Velocity.DEFAULT,
                        new RefundRate(true, "40", 8))))
                .when(change(null, null, null, null, null, null,
                        new FraudRulesChange(null, null, new FraudRulesChange.RefundRate(false, null, null)), null))
                .expectEvents(new FraudRulesChanged(MER, new FraudRules(SelfReferral.DEFAULT, Velocity.DEFAULT,
                        new RefundRate(false, "40", 8))));
    }

    @Test
    void recordsNothingWhenAPartialFraudRuleChangesNothing() {
        fixture.given(created())
                .when(change(null, null, null, null, null, null,
                        new FraudRulesChange(null, new FraudRulesChange.Velocity(false, null, null), null), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesAVelocityRuleWithoutAWindow() {
        fixture.given(created())
                .when(change(null, null, null, null, null, null, new FraudRulesChange(null, new FraudRulesChange.Velocity(true, 3, 0), null), null))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("fraud_rules.velocity.window_minutes must be between 1 and 525600 (a year)")
                .expectNoEvents();
    }

    @Test
    void refusesARefundRateAboveOneHundredPercent() {
        fixture.given(created())
                .when(change(null, null, null, null, null, null, new FraudRulesChange(null, null, new FraudRulesChange.RefundRate(true, "150", 5)), null))
                .expectException(InvalidRequestException.class)
                .expectNoEvents();
    }

    // ---- performance tiers ----

    @Test
    void recordsPerformanceTiersInAscendingOrder() {
        fixture.given(created())
                .when(change(null, null, null, null, null, null, null, List.of(
                        new PerformanceTier("gold", 500000, "20"), new PerformanceTier(" silver ", 100000, "15.0"))))
                .expectEvents(new PerformanceTiersChanged(MER, List.of(
                        new PerformanceTier("silver", 100000, "15"), new PerformanceTier("gold", 500000, "20"))));
    }

    @Test
    void refusesTwoPerformanceTiersWithTheSameThreshold() {
        fixture.given(created())
                .when(change(null, null, null, null, null, null, null, List.of(
                        new PerformanceTier("silver", 100000, "15"), new PerformanceTier("gold", 100000, "20"))))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("two performance tiers start at min_revenue_cents 100000")
                .expectNoEvents();
    }

    @Test
    void refusesTwoPerformanceTiersWithTheSameName() {
        fixture.given(created())
                .when(change(null, null, null, null, null, null, null, List.of(
                        new PerformanceTier("Gold", 100000, "15"), new PerformanceTier("gold", 200000, "20"))))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("performance tier name \"gold\" is used twice")
                .expectNoEvents();
    }

    @Test
    void refusesAPerformanceTierWithoutARevenueThreshold() {
        fixture.given(created())
                .when(change(null, null, null, null, null, null, null, List.of(new PerformanceTier("silver", 0, "15"))))
                .expectException(InvalidRequestException.class)
                .expectNoEvents();
    }

    // ---- the settings answered ----

    @Test
    void answersEverySettingAfterAChange() {
        List<ProgramSettings> answers = new ArrayList<>();
        fixture.given(created(), new MlmTierRatesChanged(MER, List.of("5")), new PayoutRulesChanged(MER, 100, null))
                .when(change(null, null, "https://acme.example", 14, null, null, null,
                        List.of(new PerformanceTier("silver", 1000, "15"))))
                .expectResultMessagePayloadMatching(new org.hamcrest.CustomTypeSafeMatcher<ProgramSettings>("settings") {
                    @Override
                    protected boolean matchesSafely(ProgramSettings item) {
                        answers.add(item);
                        return true;
                    }
                });
        ProgramSettings settings = answers.get(0);
        assertThat(settings.mlmTierRates()).containsExactly("5");
        assertThat(settings.landingUrl()).isEqualTo("https://acme.example");
        assertThat(settings.attributionWindowDays()).isEqualTo(14);
        assertThat(settings.payoutMinimumCents()).isEqualTo(100);
        assertThat(settings.taxFormThresholdCents()).isNull();
        assertThat(settings.fraudRules()).isEqualTo(FraudRules.DEFAULTS);
        assertThat(settings.performanceTiers()).containsExactly(new PerformanceTier("silver", 1000, "15"));
    }
}
