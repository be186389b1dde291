package org.affiliateledger.command.conversion;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.RecordConversion;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.conversion.CloseConversionDispute;
import org.affiliateledger.events.conversion.DisputeConversion;
import org.affiliateledger.events.conversion.FraudEvidence;
import org.affiliateledger.events.conversion.FraudObservations;
import org.affiliateledger.events.conversion.RecordAttributedConversion;
import org.affiliateledger.events.conversion.RefundConversion;
import org.affiliateledger.events.conversion.ScreenConversion;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.FraudRules;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.ConversionDisputed;
import org.affiliateledger.events.conversion.ConversionDisputeClosed;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversionTest {
    private static final String CNV = "cnv_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String COM = "com_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final Instant AT = Instant.parse("2026-02-01T12:00:00Z");

    private FixtureConfiguration<Conversion> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversion.class);
    }

    /** A sale paying the referrer {@code rate}, with no event reward. */
    private static RecordAttributedConversion sale(RecordConversion request, String rate, List<String> ancestors) {
        return new RecordAttributedConversion(request, "USD", CommissionRate.of(rate), null, ancestors);
    }

    private static RecordConversion conversionOf(long amountCents) {
        return new RecordConversion(CNV, COM, MER, AFF, ConversionSource.STRIPE, "ch_123", List.of("pi_123"), amountCents, "USD", "sess_1", AT);
    }

    @Test
    void aSaleEarnsItsReferrerTheRateOnItsAmountRoundedHalfEven() {
        // 12.5 % of 4900 = 612.5: half-even keeps 612
        fixture.givenNoPriorActivity()
                .when(sale(conversionOf(4900), "12.50", List.of()))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.STRIPE, "ch_123", 4900, "USD", COM,
                        "12.5", 612, "sess_1", AT, null, null, List.of(), null))
                .expectResultMessagePayload(CNV);
    }

    @Test
    void recordsTheAncestorsTierCommissionsSoThatRefundsReachThemToo() {
        List<String> ancestors = List.of("com_01hx5m3k8q9v7w2r4t6y0z1111", "com_01hx5m3k8q9v7w2r4t6y0z2222");
        java.util.concurrent.atomic.AtomicReference<List<String>> followed = new java.util.concurrent.atomic.AtomicReference<>();
        fixture.givenNoPriorActivity()
                .when(sale(conversionOf(10000), "10", ancestors))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.STRIPE, "ch_123", 10000, "USD", COM,
                        "10", 1000, "sess_1", AT, null, null, ancestors, null))
                .expectState(conversion -> followed.set(conversion.commissionIds()));
        org.assertj.core.api.Assertions.assertThat(followed.get()).containsExactly(COM, ancestors.get(0), ancestors.get(1));
    }

    @ParameterizedTest(name = "refuses to record a conversion of {0} cents")
    @ValueSource(longs = {0, -1, -4900, Long.MIN_VALUE})
    void refusesToRecordAConversionWithoutAPositiveAmount(long amountCents) {
        fixture.givenNoPriorActivity()
                .when(sale(conversionOf(amountCents), "10", List.of()))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("amount_cents must be a positive integer, got " + amountCents)
                .expectNoEvents();
    }

    // ---- events ----

    private static RecordConversion eventOf(long amountCents) {
        return new RecordConversion(CNV, null, MER, AFF, ConversionSource.EVENT, "sub_1", List.of(), amountCents, "USD",
                "ses_1", AT, null, "trial_started", "{\"plan\":\"growth\"}");
    }

    private static RecordAttributedConversion event(RecordConversion request, EventReward reward) {
        return new RecordAttributedConversion(request, "USD", CommissionRate.of("10"), reward, List.of());
    }

    @Test
    void anEventWhoseTypeEarnsNothingIsRecordedWithoutACommission() {
        fixture.givenNoPriorActivity()
                .when(event(eventOf(0), null))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.EVENT, "sub_1", 0, "USD", null, null, 0,
                        "ses_1", AT, "trial_started", "{\"plan\":\"growth\"}", List.of(), 0L));
    }

    @Test
    void anEventEarnsItsTypesFlatRewardPlusItsRateNotTheReferrersRate() {
        RecordConversion request = new RecordConversion(CNV, COM, MER, AFF, ConversionSource.EVENT, "sub_1", List.of(),
                10000, "USD", null, AT, null, "signup", null);
        fixture.givenNoPriorActivity()
                .when(event(request, new EventReward(500, "2.5")))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.EVENT, "sub_1", 10000, "USD", COM, "2.5",
                        750, null, AT, "signup", null, List.of(), 500L));
    }

    @Test
    void anEventWithAFlatRewardOnlyRecordsNoRate() {
        RecordConversion request = new RecordConversion(CNV, COM, MER, AFF, ConversionSource.EVENT, "sub_1", List.of(),
                0, "USD", null, AT, null, "lead", null);
        fixture.givenNoPriorActivity()
                .when(event(request, new EventReward(300, null)))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.EVENT, "sub_1", 0, "USD", COM, null,
                        300, null, AT, "lead", null, List.of(), 300L));
    }

    @Test
    void aFlatRewardIsNeverAddedToAnEventInAnotherCurrency() {
        RecordConversion request = new RecordConversion(CNV, COM, MER, AFF, ConversionSource.EVENT, "sub_1", List.of(),
                1000, "EUR", null, AT, null, "signup", null);
        fixture.givenNoPriorActivity()
                .when(event(request, new EventReward(500, "10")))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("earns a flat reward of 500 in USD"))
                .expectNoEvents();
    }

    @Test
    void aRateOnlyRewardMayApplyToAnEventInAnotherCurrency() {
        RecordConversion request = new RecordConversion(CNV, COM, MER, AFF, ConversionSource.EVENT, "sub_1", List.of(),
                1000, "EUR", null, AT, null, "signup", null);
        fixture.givenNoPriorActivity()
                .when(event(request, new EventReward(0, "10")))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.EVENT, "sub_1", 1000, "EUR", COM, "10",
                        100, null, AT, "signup", null, List.of(), 0L));
    }

    @Test
    void aConversionWithoutACurrencyIsInTheProgramCurrency() {
        RecordConversion request = new RecordConversion(CNV, COM, MER, AFF, ConversionSource.MANUAL, "inv_1", List.of(),
                1000, null, null, AT);
        fixture.givenNoPriorActivity()
                .when(new RecordAttributedConversion(request, "EUR", CommissionRate.of("10"), null, List.of()))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.MANUAL, "inv_1", 1000, "EUR", COM, "10",
                        100, null, AT, null, null, List.of(), null));
    }

    @Test
    void refusesAnEventWithANegativeAmount() {
        fixture.givenNoPriorActivity()
                .when(event(eventOf(-1), null))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("amount must be an integer ≥ 0 (minor units), got -1")
                .expectNoEvents();
    }

    // ---- attribution ----

    @Test
    void theNamedAffiliateIsCreditedWhateverTheClickSessionSays() {
        assertThat(Conversion.creditedAffiliate(conversionOf(100), Optional.of("aff_other"))).isEqualTo(AFF);
    }

    @Test
    void withoutANamedAffiliateTheClickSessionsAffiliateIsCredited() {
        RecordConversion bySession = new RecordConversion(CNV, COM, MER, null, ConversionSource.MANUAL, null, List.of(), 100,
                "USD", "ses_1", AT);
        assertThat(Conversion.creditedAffiliate(bySession, Optional.of("aff_clicked"))).isEqualTo("aff_clicked");
    }

    @Test
    void anUnknownOrExpiredClickSessionCreditsNobody() {
        RecordConversion bySession = new RecordConversion(CNV, COM, MER, null, ConversionSource.MANUAL, null, List.of(), 100,
                "USD", "ses_1", AT);
        assertThatThrownBy(() -> Conversion.creditedAffiliate(bySession, Optional.empty()))
                .isInstanceOf(UnprocessableException.class)
                .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo("click_session_expired"));
    }

    @Test
    void aConversionWithNeitherAffiliateNorClickSessionIsRefused() {
        RecordConversion anonymous = new RecordConversion(CNV, COM, MER, null, ConversionSource.MANUAL, null, List.of(), 100,
                "USD", null, AT);
        assertThatThrownBy(() -> Conversion.creditedAffiliate(anonymous, Optional.empty()))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo("attribution_required"));
    }

    // ---- fraud: the rules decide on the counts in the command, and the flag keeps them ----

    private static final FraudRules ALL_ON = new FraudRules(new FraudRules.SelfReferral(true),
            new FraudRules.Velocity(true, 3, 60), new FraudRules.RefundRate(true, "30", 5));
    private static final FraudRules ALL_OFF = new FraudRules(new FraudRules.SelfReferral(false),
            new FraudRules.Velocity(false, 3, 60), new FraudRules.RefundRate(false, "30", 5));

    private ConversionRecorded recordedFromSession() {
        return new ConversionRecorded(CNV, MER, AFF, ConversionSource.STRIPE, "ch_123", 4900, "USD", COM, "10", 490, "ses_1", AT);
    }

    private ScreenConversion screen(FraudRules rules, String emailOwner, Long inWindow, Long conversions, Long refunded) {
        return new ScreenConversion(CNV, MER, rules, new FraudObservations(emailOwner, inWindow, conversions, refunded));
    }

    @Test
    void aConversionWithinEveryLimitIsNotFlagged() {
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, null, 3L, 10L, 3L))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(List.of());
    }

    @Test
    void theCustomersOwnAffiliateEmailIsASelfReferral() {
        FraudFlagged flag = new FraudFlagged(MER, AFF, CNV, List.of(COM), "self_referral",
                "the customer's email is the affiliate's own", FraudEvidence.selfReferral(AFF));
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, AFF, null, null, null))
                .expectEvents(flag)
                .expectResultMessagePayload(List.of(flag));
    }

    @Test
    void anotherAffiliatesEmailIsNoSelfReferral() {
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, "aff_someone_else", null, null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void moreConversionsFromOneSessionThanTheWindowAllowsIsVelocityWithTheCountAndWindowAsEvidence() {
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, null, 4L, null, null))
                .expectEvents(new FraudFlagged(MER, AFF, CNV, List.of(COM), "velocity",
                        "4 conversions from session ses_1 within 60 minutes (at most 3 allowed)",
                        FraudEvidence.velocity("ses_1", 4, 60, 3)));
    }

    @Test
    void exactlyTheMaximumFromOneSessionIsNotVelocity() {
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, null, 3L, null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aConversionWithoutClickSessionIsNeverVelocity() {
        fixture.given(recorded())
                .when(screen(ALL_ON, null, 99L, null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRefundedShareAboveTheMaximumIsARefundRateFlagWithItsCounts() {
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, null, null, 9L, 3L))
                .expectEvents(new FraudFlagged(MER, AFF, CNV, List.of(COM), "refund_rate",
                        "3 of the affiliate's 9 conversions were refunded (33.33% > 30%)",
                        FraudEvidence.refundRate(9, 3, "30", 5)));
    }

    @Test
    void aRefundedShareExactlyAtTheMaximumIsNotFlagged() {
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, null, null, 10L, 3L))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theRefundRateWaitsForTheMinimumNumberOfConversions() {
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, null, null, 4L, 4L))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, null, null, 5L, 4L))
                .expectEvents(new FraudFlagged(MER, AFF, CNV, List.of(COM), "refund_rate",
                        "4 of the affiliate's 5 conversions were refunded (80% > 30%)", FraudEvidence.refundRate(5, 4, "30", 5)));
    }

    @Test
    void aFractionalMaximumIsComparedExactlyAndWrittenWithItsDecimals() {
        FraudRules twelveAndAHalf = new FraudRules(null, null, new FraudRules.RefundRate(true, "12.5", 1));
        fixture.given(recordedFromSession())
                .when(screen(twelveAndAHalf, null, null, 8L, 1L))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(recordedFromSession())
                .when(screen(twelveAndAHalf, null, null, 7L, 1L))
                .expectEvents(new FraudFlagged(MER, AFF, CNV, List.of(COM), "refund_rate",
                        "1 of the affiliate's 7 conversions were refunded (14.29% > 12.5%)",
                        FraudEvidence.refundRate(7, 1, "12.5", 1)));
    }

    @Test
    void anAffiliateWithoutConversionsHasNoRefundRateEvenWithAZeroMinimum() {
        fixture.given(recordedFromSession())
                .when(screen(new FraudRules(null, null, new FraudRules.RefundRate(true, "0", 0)), null, null, 0L, 0L))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRuleThatIsOffNeverFlagsWhateverWasCounted() {
        fixture.given(recordedFromSession())
                .when(screen(ALL_OFF, AFF, 99L, 10L, 10L))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void everyRuleThatFiresIsItsOwnFlagInRuleOrder() {
        List<String> fired = new java.util.ArrayList<>();
        fixture.given(recordedFromSession())
                .when(screen(ALL_ON, AFF, 4L, 9L, 3L))
                .expectSuccessfulHandlerExecution()
                .expectResultMessageMatching(org.axonframework.test.matchers.Matchers.messageWithPayload(
                        new org.hamcrest.CustomTypeSafeMatcher<List<FraudFlagged>>("flags") {
                            @Override
                            protected boolean matchesSafely(List<FraudFlagged> flags) {
                                flags.forEach(f -> fired.add(f.rule()));
                                return true;
                            }
                        }));
        assertThat(fired).containsExactly("self_referral", "refund_rate", "velocity");
    }

    @Test
    void anotherMerchantCannotScreenAConversion() {
        fixture.given(recordedFromSession())
                .when(new ScreenConversion(CNV, "mer_01hx5m3k8q9v7w2r4t6y0z9999", ALL_ON, FraudObservations.NONE))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    // ---- refunds and disputes: what the conversion records (its commissions follow in ConversionAdjustments) ----

    private ConversionRecorded recorded() {
        return new ConversionRecorded(CNV, MER, AFF, ConversionSource.STRIPE, "ch_123", 4900, "USD", COM, "10", 490, null, AT);
    }

    @Test
    void recordsTheCumulativeRefundedAmount() {
        fixture.given(recorded())
                .when(new RefundConversion(CNV, MER, 1225, "re_1"))
                .expectEvents(new ConversionRefunded(CNV, MER, 1225, 4900, "re_1"))
                .expectResultMessagePayload(true);
    }

    @ParameterizedTest(name = "ignores a refund notice of {0} cents after 1225 were refunded")
    @ValueSource(longs = {0, 1000, 1225})
    void ignoresARepeatedOrOlderRefundNotice(long cumulative) {
        fixture.given(recorded(), new ConversionRefunded(CNV, MER, 1225, 4900, "re_1"))
                .when(new RefundConversion(CNV, MER, cumulative, "re_1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void neverRefundsMoreThanTheSale() {
        fixture.given(recorded())
                .when(new RefundConversion(CNV, MER, 9999, "re_2"))
                .expectEvents(new ConversionRefunded(CNV, MER, 4900, 4900, "re_2"));
    }

    @Test
    void hidesAnotherMerchantsConversion() {
        fixture.given(recorded())
                .when(new RefundConversion(CNV, "mer_01hx5m3k8q9v7w2r4t6y0z9999", 100, "re_1"))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void opensADisputeOnce() {
        fixture.given(recorded(), new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .when(new DisputeConversion(CNV, MER, "dp_1", 4900))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void closesALostDisputeTakingBackWhatWasNotRefundedAlready() {
        fixture.given(recorded(), new ConversionRefunded(CNV, MER, 1225, 4900, "re_1"), new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .when(new CloseConversionDispute(CNV, MER, "dp_1", false, 4900))
                .expectEvents(new ConversionDisputeClosed(CNV, MER, "dp_1", false, 3675))
                .expectResultMessagePayload(true);
    }

    @Test
    void closesAWonDisputeTakingNothing() {
        fixture.given(recorded(), new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .when(new CloseConversionDispute(CNV, MER, "dp_1", true, 4900))
                .expectEvents(new ConversionDisputeClosed(CNV, MER, "dp_1", true, 0));
    }

    @Test
    void closesADisputeWhoseOpeningNoticeHasNotArrivedAndNeverReopensIt() {
        fixture.given(recorded())
                .when(new CloseConversionDispute(CNV, MER, "dp_1", false, 4900))
                .expectEvents(new ConversionDisputeClosed(CNV, MER, "dp_1", false, 4900));
        fixture.given(recorded(), new ConversionDisputeClosed(CNV, MER, "dp_1", false, 4900))
                .when(new DisputeConversion(CNV, MER, "dp_1", 4900))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void closesADisputeOnce() {
        fixture.given(recorded(), new ConversionDisputed(CNV, MER, "dp_1", 4900), new ConversionDisputeClosed(CNV, MER, "dp_1", false, 4900))
                .when(new CloseConversionDispute(CNV, MER, "dp_1", false, 4900))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void opensANewDispute() {
        fixture.given(recorded())
                .when(new DisputeConversion(CNV, MER, "dp_1", 4900))
                .expectEvents(new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .expectResultMessagePayload(true);
    }

    @Test
    void aSecondLostDisputeTakesOnlyWhatRefundsAndTheFirstLossLeft() {
        // 4900 − 1225 refunded − 1000 lost in dp_1 = 2675 left to lose
        fixture.given(recorded(), new ConversionRefunded(CNV, MER, 1225, 4900, "re_1"),
                        new ConversionDisputeClosed(CNV, MER, "dp_1", false, 1000), new ConversionDisputed(CNV, MER, "dp_2", 4900))
                .when(new CloseConversionDispute(CNV, MER, "dp_2", false, 4900))
                .expectEvents(new ConversionDisputeClosed(CNV, MER, "dp_2", false, 2675));
    }

    @Test
    void anotherMerchantCannotOpenADispute() {
        fixture.given(recorded())
                .when(new DisputeConversion(CNV, "mer_01hx5m3k8q9v7w2r4t6y0z9999", "dp_1", 4900))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void anotherMerchantCannotCloseADispute() {
        fixture.given(recorded(), new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .when(new CloseConversionDispute(CNV, "mer_01hx5m3k8q9v7w2r4t6y0z9999", "dp_1", false, 4900))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }
}
