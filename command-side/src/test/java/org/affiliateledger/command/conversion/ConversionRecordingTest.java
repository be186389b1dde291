package org.affiliateledger.command.conversion;

import org.affiliateledger.command.InMemoryLedger;
import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.command.affiliate.ReferredRevenue;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.command.link.ClickSessions;
import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.command.support.CommandSettings;
import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.conversion.ConversionReceipt;
import org.affiliateledger.events.conversion.ConversionReceipt.CreatedCommission;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.FraudEvidence;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.conversion.FraudObservations;
import org.affiliateledger.events.conversion.RecordConversion;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.EventRewardsChanged;
import org.affiliateledger.events.merchant.FraudRules;
import org.affiliateledger.events.merchant.FraudRulesChanged;
import org.affiliateledger.events.merchant.HoldDaysChanged;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.MlmTierRatesChanged;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.affiliateledger.events.merchant.PerformanceTiersChanged;
import org.affiliateledger.events.merchant.ProgramCurrencyLocked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * Recording a conversion: who is credited (named, or by click session), at which rate (override, performance tier,
 * program default, event reward), what the hold period fixes, who else earns (MLM ancestors), which keys make it
 * unique, what referred revenue it adds, and which fraud flags hold its commissions — all read from the events.
 */
class ConversionRecordingTest {
    private static final String MER = "mer_1";
    private static final String ANN = "aff_ann";
    private static final String BOB = "aff_bob";
    private static final String CAROL = "aff_carol";
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration HOLD_UNIT = Duration.ofHours(1);

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final UniqueClaims claims = mock(UniqueClaims.class);
    private final ClickSessions sessions = mock(ClickSessions.class);
    private final FraudScreen fraud = mock(FraudScreen.class);
    private final ReferredRevenue referredRevenue = mock(ReferredRevenue.class);
    private final ConversionRecording recording = new ConversionRecording(ledger.merchants, ledger.affiliates,
            ledger.conversions, ledger.commissions, claims, sessions, fraud, new Beneficiaries(ledger.affiliates),
            referredRevenue, new CommandSettings(new CommandSettings.Commissions(HOLD_UNIT), new CommandSettings.Links(""),
                    new CommandSettings.StripeApi("http://stripe.test")));

    @BeforeEach
    void aProgramInUsdWithAnActiveAffiliate() {
        when(claims.claim(anyString(), anyString(), anyString(), anyString())).thenReturn(Optional.empty());
        when(fraud.observe(any(), any())).thenReturn(FraudObservations.NONE);
        when(referredRevenue.add(anyString(), anyString(), anyString(), anyLong()))
                .thenAnswer(call -> new ReferredRevenue.Standing(call.getArgument(3), null));
        ledger.given(Merchant.class, MER, new MerchantCreated(MER, "Shop", "10", "USD"));
        active(ANN, null, null, 0);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private void active(String affiliateId, String override, String parentId, int depth) {
        ledger.given(Affiliate.class, affiliateId, new AffiliateRegistered(affiliateId, MER, affiliateId, affiliateId + "@example.com",
                affiliateId, override, AT, parentId, depth), new AffiliateApproved(affiliateId, MER));
    }

    private void program(Object... changes) {
        ledger.given(Merchant.class, MER, changes);
    }

    private static RecordConversion sale(String affiliateId, long amountCents, String currency) {
        return RecordConversion.of("cnv_1", "com_1", MER, affiliateId, ConversionSource.MANUAL, null, amountCents, currency, AT);
    }

    private static RecordConversion event(String type, long amountCents, String currency) {
        return new RecordConversion("cnv_1", "com_1", MER, ANN, ConversionSource.EVENT, "ext_1", List.of(), amountCents,
                currency, null, AT, null, type, "{}");
    }

    private ConversionReceipt record(RecordConversion command) throws Exception {
        return ledger.run(() -> recording.handle(command));
    }

    private ConversionRecorded recorded() {
        return (ConversionRecorded) ledger.eventsOf("cnv_1").get(0);
    }

    private CommissionCreated commission(String commissionId) {
        return (CommissionCreated) ledger.eventsOf(commissionId).get(0);
    }

    private static String code(Throwable refusal) {
        return ((LedgerException) refusal).code();
    }

    @Nested
    class ASale {
        @Test
        void earnsTheProgramDefaultRateFixedInTheConversionAndItsCommission() throws Exception {
            ConversionReceipt receipt = record(sale(ANN, 4_900, "USD"));

            assertThat(recorded()).isEqualTo(new ConversionRecorded("cnv_1", MER, ANN, ConversionSource.MANUAL, null, 4_900,
                    "USD", "com_1", "10", 490, null, AT, null, null, List.of(), null));
            assertThat(ledger.eventsOf("com_1")).containsExactly(new CommissionCreated("com_1", MER, "cnv_1", ANN, 0, 4_900,
                    "10", 490, "USD", CommissionKind.COMMISSION, null, AT.plus(HOLD_UNIT.multipliedBy(30))));
            assertThat(receipt).isEqualTo(new ConversionReceipt("cnv_1", "com_1", 490, ANN, ConversionSource.MANUAL, null,
                    null, 4_900, "USD", "10", null, AT, List.of(new CreatedCommission("com_1", ANN, 0, "10", 490))));
        }

        @Test
        void isInTheProgramCurrencyWhenItNamesNone() throws Exception {
            ConversionReceipt receipt = record(sale(ANN, 4_900, null));
            assertThat(recorded().currency()).isEqualTo("USD");
            assertThat(commission("com_1").currency()).isEqualTo("USD");
            assertThat(receipt.currency()).isEqualTo("USD");
        }

        @Test
        void earnsTheAffiliatesOverrideOverTheProgramDefault() throws Exception {
            active(BOB, "12.5", null, 0);
            ConversionReceipt receipt = record(sale(BOB, 1_000, "USD"));
            assertThat(recorded().commissionRate()).isEqualTo("12.5");
            assertThat(commission("com_1").amountCents()).isEqualTo(125);
            assertThat(receipt.commissionCents()).isEqualTo(125);
        }

        @Test
        void isApprovableAfterTheProgramsHoldDaysCountedInHoldUnits() throws Exception {
            program(new HoldDaysChanged(MER, 3));
            record(sale(ANN, 4_900, "USD"));
            assertThat(commission("com_1").approvableAt()).isEqualTo(AT.plus(Duration.ofHours(3)));
        }

        @Test
        void withoutAHoldPeriodIsApprovableAtOnce() throws Exception {
            program(new HoldDaysChanged(MER, 0));
            record(sale(ANN, 4_900, "USD"));
            assertThat(commission("com_1").approvableAt()).isEqualTo(AT);
        }

        @Test
        void theFirstInTheProgramCurrencyLocksTheCurrency() throws Exception {
            record(sale(ANN, 4_900, "USD"));
            assertThat(ledger.eventsOf(MER)).endsWith(new ProgramCurrencyLocked(MER, "USD", "cnv_1"));
        }

        @Test
        void inAnotherCurrencyLeavesTheProgramCurrencyOpen() throws Exception {
            record(sale(ANN, 4_900, "EUR"));
            assertThat(ledger.eventsOf(MER)).containsExactly(new MerchantCreated(MER, "Shop", "10", "USD"));
            assertThat(commission("com_1").currency()).isEqualTo("EUR");
        }

        @Test
        void forAnAffiliateThatIsNotActiveIsRefusedAndRecordsNothing() {
            ledger.given(Affiliate.class, ANN, new AffiliatePaused(ANN, MER));
            assertThatThrownBy(() -> record(sale(ANN, 4_900, "USD")))
                    .isInstanceOf(StateConflictException.class)
                    .satisfies(e -> assertThat(code(e)).isEqualTo("affiliate_not_active"));
            assertThat(ledger.eventsOf("cnv_1")).isEmpty();
            assertThat(ledger.eventsOf("com_1")).isEmpty();
        }

        @Test
        void forAnUnknownAffiliateIsNotFound() {
            assertThatThrownBy(() -> record(sale("aff_nobody", 4_900, "USD")))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("aff_nobody");
        }

        @Test
        void ofNothingIsRefused() {
            assertThatThrownBy(() -> record(sale(ANN, 0, "USD"))).isInstanceOf(InvalidRequestException.class);
            assertThat(ledger.eventsOf("cnv_1")).isEmpty();
        }
    }

    @Nested
    class Attribution {
        private RecordConversion bySession(String sessionId) {
            return new RecordConversion("cnv_1", "com_1", MER, null, ConversionSource.MANUAL, null, List.of(), 4_900, "USD",
                    sessionId, AT);
        }

        @Test
        void creditsTheAffiliateOfTheClickSessionWhenNoneIsNamed() throws Exception {
            when(sessions.affiliateOf(MER, "ses_1", AT)).thenReturn(Optional.of(ANN));
            ConversionReceipt receipt = record(bySession("ses_1"));
            assertThat(recorded().affiliateId()).isEqualTo(ANN);
            assertThat(recorded().affiliateSessionId()).isEqualTo("ses_1");
            assertThat(commission("com_1").affiliateId()).isEqualTo(ANN);
            assertThat(receipt.affiliateId()).isEqualTo(ANN);
        }

        @Test
        void aNamedAffiliateWinsOverTheClickSession() throws Exception {
            active(BOB, null, null, 0);
            record(new RecordConversion("cnv_1", "com_1", MER, BOB, ConversionSource.MANUAL, null, List.of(), 4_900, "USD",
                    "ses_1", AT));
            assertThat(recorded().affiliateId()).isEqualTo(BOB);
            verifyNoInteractions(sessions);
        }

        @Test
        void anUnknownOrExpiredClickSessionIsRefused() {
            when(sessions.affiliateOf(MER, "ses_old", AT)).thenReturn(Optional.empty());
            assertThatThrownBy(() -> record(bySession("ses_old")))
                    .isInstanceOf(UnprocessableException.class)
                    .hasMessageContaining("ses_old")
                    .satisfies(e -> assertThat(code(e)).isEqualTo("click_session_expired"));
            assertThat(ledger.eventsOf("cnv_1")).isEmpty();
        }

        @Test
        void neitherAnAffiliateNorASessionIsRefused() {
            assertThatThrownBy(() -> record(bySession(null)))
                    .isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(code(e)).isEqualTo("attribution_required"));
        }
    }

    @Nested
    class Uniqueness {
        @Test
        void claimsTheExternalIdAndEveryAliasUnderItsSource() throws Exception {
            record(new RecordConversion("cnv_1", "com_1", MER, ANN, ConversionSource.STRIPE, "ch_1", List.of("pi_1"), 4_900,
                    "USD", null, AT));
            verify(claims).claim(MER, "conversion.stripe", "ch_1", "cnv_1");
            verify(claims).claim(MER, "conversion.stripe", "pi_1", "cnv_1");
        }

        @Test
        void anEventIsUniquePerTypeSoOneExternalIdMayBeATrialAndLaterASignup() throws Exception {
            record(event("trial_started", 0, "USD"));
            verify(claims).claim(MER, "conversion.event", "trial_started:ext_1", "cnv_1");
        }

        @Test
        void withoutAnExternalIdClaimsNothing() throws Exception {
            record(sale(ANN, 4_900, "USD"));
            verifyNoInteractions(claims);
        }

        @Test
        void anExternalIdAlreadyRecordedIsRefusedNamingTheFirstConversion() {
            when(claims.claim(MER, "conversion.manual", "ord_1", "cnv_1")).thenReturn(Optional.of("cnv_first"));
            assertThatThrownBy(() -> record(RecordConversion.of("cnv_1", "com_1", MER, ANN, ConversionSource.MANUAL, "ord_1",
                    4_900, "USD", AT)))
                    .isInstanceOf(DuplicateException.class)
                    .hasMessageContaining("cnv_first")
                    .satisfies(e -> assertThat(code(e)).isEqualTo("duplicate_external_id"));
            assertThat(ledger.eventsOf("cnv_1")).isEmpty();
            assertThat(ledger.eventsOf(MER)).hasSize(1);
        }

        @Test
        void anAliasAlreadyRecordedIsRefusedNamingTheFirstConversion() {
            when(claims.claim(MER, "conversion.stripe", "pi_1", "cnv_1")).thenReturn(Optional.of("cnv_first"));
            assertThatThrownBy(() -> record(new RecordConversion("cnv_1", "com_1", MER, ANN, ConversionSource.STRIPE, "ch_1",
                    List.of("pi_1"), 4_900, "USD", null, AT)))
                    .isInstanceOf(DuplicateException.class)
                    .hasMessage("pi_1 was already recorded as conversion cnv_first")
                    .satisfies(e -> assertThat(code(e)).isEqualTo("duplicate_conversion"));
            assertThat(ledger.eventsOf("cnv_1")).isEmpty();
        }
    }

    @Nested
    class AnEvent {
        @Test
        void earnsItsRewardsFlatAmountPlusItsRateOfTheAmount() throws Exception {
            program(new EventRewardsChanged(MER, Map.of("signup", new EventReward(500, "10"))));
            ConversionReceipt receipt = record(event("signup", 2_000, "USD"));
            assertThat(recorded().commissionCents()).isEqualTo(700);
            assertThat(recorded().commissionRate()).isEqualTo("10");
            assertThat(recorded().flatRewardCents()).isEqualTo(500);
            assertThat(recorded().eventType()).isEqualTo("signup");
            assertThat(commission("com_1").amountCents()).isEqualTo(700);
            assertThat(receipt.commissionCents()).isEqualTo(700);
            assertThat(receipt.flatRewardCents()).isEqualTo(500);
            assertThat(receipt.commissionRate()).isEqualTo("10");
        }

        @Test
        void withAFlatRewardOnlyRecordsNoRate() throws Exception {
            program(new EventRewardsChanged(MER, Map.of("lead", new EventReward(300, null))));
            ConversionReceipt receipt = record(event("lead", 0, "USD"));
            assertThat(recorded().commissionCents()).isEqualTo(300);
            assertThat(recorded().commissionRate()).isNull();
            assertThat(recorded().flatRewardCents()).isEqualTo(300);
            assertThat(commission("com_1").rate()).isEqualTo("0");
            assertThat(receipt.commissionRate()).isNull();
        }

        @Test
        void ofATypeThatEarnsNothingIsRecordedWithoutACommission() throws Exception {
            ConversionReceipt receipt = record(event("page_view", 0, "USD"));
            assertThat(recorded().commissionId()).isNull();
            assertThat(recorded().commissionCents()).isZero();
            assertThat(recorded().commissionRate()).isNull();
            assertThat(recorded().flatRewardCents()).isZero();
            assertThat(ledger.eventsOf("com_1")).isEmpty();
            assertThat(receipt.commissionId()).isNull();
            assertThat(receipt.commissions()).isEmpty();
        }

        @Test
        void ignoresTheAffiliatesOverride() throws Exception {
            active(BOB, "50", null, 0);
            program(new EventRewardsChanged(MER, Map.of("signup", new EventReward(0, "5"))));
            record(new RecordConversion("cnv_1", "com_1", MER, BOB, ConversionSource.EVENT, "ext_1", List.of(), 1_000,
                    "USD", null, AT, null, "signup", "{}"));
            assertThat(recorded().commissionCents()).isEqualTo(50);
            assertThat(recorded().commissionRate()).isEqualTo("5");
        }

        @Test
        void withAFlatRewardInAnotherCurrencyIsRefused() {
            program(new EventRewardsChanged(MER, Map.of("signup", new EventReward(500, "10"))));
            assertThatThrownBy(() -> record(event("signup", 2_000, "EUR")))
                    .isInstanceOf(UnprocessableException.class)
                    .hasMessageContaining("USD")
                    .satisfies(e -> assertThat(code(e)).isEqualTo("event_currency_mismatch"));
            assertThat(ledger.eventsOf("cnv_1")).isEmpty();
        }

        @Test
        void withARateOnlyRewardMayBeInAnotherCurrency() throws Exception {
            program(new EventRewardsChanged(MER, Map.of("signup", new EventReward(0, "10"))));
            record(event("signup", 2_000, "EUR"));
            assertThat(recorded().commissionCents()).isEqualTo(200);
            assertThat(commission("com_1").currency()).isEqualTo("EUR");
        }

        @Test
        void paysNoAncestorsAndAddsNoReferredRevenue() throws Exception {
            active(BOB, null, null, 0);
            active(CAROL, null, BOB, 1);
            program(new MlmTierRatesChanged(MER, List.of("5")),
                    new EventRewardsChanged(MER, Map.of("signup", new EventReward(0, "10"))));
            record(new RecordConversion("cnv_1", "com_1", MER, CAROL, ConversionSource.EVENT, "ext_1", List.of(), 1_000,
                    "USD", null, AT, null, "signup", "{}"));
            assertThat(recorded().ancestorCommissionIds()).isEmpty();
            verifyNoInteractions(referredRevenue);
        }
    }

    @Nested
    class Ancestors {
        @BeforeEach
        void bobIsCarolsParent() {
            active(BOB, null, null, 0);
            active(CAROL, null, BOB, 1);
        }

        @Test
        void earnTheirTiersRateOnTheSameSaleAndFollowItsConversion() throws Exception {
            program(new MlmTierRatesChanged(MER, List.of("5")));
            ConversionReceipt receipt = record(sale(CAROL, 4_900, "USD"));

            assertThat(recorded().ancestorCommissionIds()).hasSize(1);
            String bobs = recorded().ancestorCommissionIds().get(0);
            assertThat(bobs).startsWith("com_").isNotEqualTo("com_1");
            assertThat(commission(bobs)).isEqualTo(new CommissionCreated(bobs, MER, "cnv_1", BOB, 1, 4_900, "5", 245, "USD",
                    CommissionKind.COMMISSION, null, AT.plus(HOLD_UNIT.multipliedBy(30))));
            assertThat(receipt.commissions()).containsExactly(new CreatedCommission("com_1", CAROL, 0, "10", 490),
                    new CreatedCommission(bobs, BOB, 1, "5", 245));
        }

        @Test
        void earnNothingWithoutMlmTiers() throws Exception {
            ConversionReceipt receipt = record(sale(CAROL, 4_900, "USD"));
            assertThat(recorded().ancestorCommissionIds()).isEmpty();
            assertThat(receipt.commissions()).containsExactly(new CreatedCommission("com_1", CAROL, 0, "10", 490));
        }
    }

    @Nested
    class ReferredRevenueAndTiers {
        private final List<PerformanceTier> tiers = List.of(new PerformanceTier("silver", 100_000, "15"));

        @Test
        void aSaleInTheProgramCurrencyAddsToTheReferrersRevenue() throws Exception {
            record(sale(ANN, 4_900, "USD"));
            verify(referredRevenue).add(MER, ANN, "USD", 4_900);
            verify(referredRevenue, never()).promoted(anyString(), anyString(), anyString(), anyString());
        }

        @Test
        void withoutTiersTheSaleIsAddedOnlyAsTheConversionCommits() throws Exception {
            ledger.run(() -> {
                recording.handle(sale(ANN, 4_900, "USD"));
                verifyNoInteractions(referredRevenue);
                return null;
            });
            verify(referredRevenue).add(MER, ANN, "USD", 4_900);
        }

        @Test
        void withoutTiersAConversionThatRollsBackAddsNothing() {
            when(fraud.observe(any(), any())).thenThrow(new IllegalStateException("screen failed"));
            assertThatThrownBy(() -> record(sale(ANN, 4_900, "USD"))).hasMessage("screen failed");
            verifyNoInteractions(referredRevenue);
        }

        @Test
        void withTiersTheSaleIsAddedBeforeTheTierIsDecided() throws Exception {
            program(new PerformanceTiersChanged(MER, tiers));
            ledger.run(() -> {
                recording.handle(sale(ANN, 4_900, "USD"));
                verify(referredRevenue).add(MER, ANN, "USD", 4_900);
                return null;
            });
        }

        @Test
        void aSaleInAnotherCurrencyAddsNothing() throws Exception {
            record(sale(ANN, 4_900, "EUR"));
            verifyNoInteractions(referredRevenue);
        }

        @Test
        void crossingATiersThresholdPromotesForLaterSalesAndKeepsTheTierWithTheRevenue() throws Exception {
            program(new PerformanceTiersChanged(MER, tiers));
            ConversionReceipt receipt = record(sale(ANN, 100_000, "USD"));

            assertThat(ledger.eventsOf(ANN)).as("the sale, the total and the threshold it crossed")
                    .endsWith(new AffiliateTierPromoted(ANN, MER, "silver", "15", 100_000, "USD", 100_000L, receipt.conversionId()));
            verify(referredRevenue).promoted(MER, ANN, "USD", "silver");
            assertThat(receipt.commissionRate()).as("the promotion applies from the next sale").isEqualTo("10");
        }

        @Test
        void belowTheThresholdPromotesNobody() throws Exception {
            program(new PerformanceTiersChanged(MER, tiers));
            record(sale(ANN, 99_999, "USD"));
            assertThat(ledger.eventsOf(ANN)).hasSize(2);
            verify(referredRevenue, never()).promoted(anyString(), anyString(), anyString(), anyString());
        }

        @Test
        void aPromotedAffiliateEarnsItsTiersRate() throws Exception {
            program(new PerformanceTiersChanged(MER, tiers));
            ledger.given(Affiliate.class, ANN, new AffiliateTierPromoted(ANN, MER, "silver", "15", 100_000, "USD", 100_000L, "cnv_0"));
            record(sale(ANN, 1_000, "USD"));
            assertThat(recorded().commissionRate()).isEqualTo("15");
            assertThat(commission("com_1").amountCents()).isEqualTo(150);
        }
    }

    @Nested
    class FraudFlags {
        @Test
        void screensTheConversionWithWhatTheRulesLookAt() throws Exception {
            FraudRules rules = new FraudRules(new FraudRules.SelfReferral(true), new FraudRules.Velocity(true, 2, 10),
                    FraudRules.RefundRate.DEFAULT);
            program(new FraudRulesChanged(MER, rules));
            when(sessions.affiliateOf(MER, "ses_1", AT)).thenReturn(Optional.of(ANN));
            record(new RecordConversion("cnv_1", "com_1", MER, null, ConversionSource.MANUAL, null, List.of(), 4_900, "USD",
                    "ses_1", AT, "buyer@example.com", null, null));
            verify(fraud).observe(new FraudScreen.Screened(MER, ANN, "cnv_1", "ses_1", "buyer@example.com", AT), rules);
        }

        @Test
        void eachRuleThatFiresIsRecordedOnTheConversionAndHoldsEveryCommission() throws Exception {
            active(BOB, null, null, 0);
            active(CAROL, null, BOB, 1);
            program(new MlmTierRatesChanged(MER, List.of("5")));
            program(new FraudRulesChanged(MER, new FraudRules(new FraudRules.SelfReferral(true),
                    new FraudRules.Velocity(true, 2, 10), FraudRules.RefundRate.DEFAULT)));
            // the customer used Carol's own email, and the session converted 3 times in 10 minutes
            when(fraud.observe(any(), any())).thenReturn(new FraudObservations(CAROL, 3L, null, null));
            record(new RecordConversion("cnv_1", "com_1", MER, CAROL, ConversionSource.MANUAL, null, List.of(), 4_900, "USD",
                    "ses_1", AT, "carol@example.com", null, null));

            String bobs = recorded().ancestorCommissionIds().get(0);
            String selfReferral = "the customer's email is the affiliate's own";
            String velocity = "3 conversions from session ses_1 within 10 minutes (at most 2 allowed)";
            assertThat(ledger.eventsOf("cnv_1")).containsExactly(recorded(),
                    new FraudFlagged(MER, CAROL, "cnv_1", List.of("com_1", bobs), "self_referral", selfReferral,
                            FraudEvidence.selfReferral(CAROL)),
                    new FraudFlagged(MER, CAROL, "cnv_1", List.of("com_1", bobs), "velocity", velocity,
                            FraudEvidence.velocity("ses_1", 3, 10, 2)));
            assertThat(ledger.eventsOf("com_1")).containsExactly(commission("com_1"),
                    new CommissionFlagged("com_1", MER, "cnv_1", CAROL, "self_referral", selfReferral),
                    new CommissionFlagged("com_1", MER, "cnv_1", CAROL, "velocity", velocity));
            assertThat(ledger.eventsOf(bobs)).contains(new CommissionFlagged(bobs, MER, "cnv_1", BOB, "velocity", velocity));
        }

        @Test
        void aCleanConversionIsNotFlagged() throws Exception {
            record(sale(ANN, 4_900, "USD"));
            assertThat(ledger.eventsOf("cnv_1")).hasSize(1);
            assertThat(ledger.eventsOf("com_1")).hasSize(1);
        }
    }
}
