package org.affiliateledger.command.affiliate;

import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.affiliate.CountReferredRevenue;
import org.affiliateledger.events.affiliate.RecordReferredRevenueRecount;
import org.affiliateledger.events.affiliate.ReferredRevenueRecounted;
import org.affiliateledger.events.affiliate.CommissionOverrideChanged;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The MLM lineage (fixed at registration) and performance tiers (promoted by referred revenue, never demoted). */
class AffiliateLineageAndTiersTest {
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String PARENT = "aff_01hx5m3k8q9v7w2r4t6y0z7777";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final Instant AT = Instant.parse("2026-01-15T09:00:00Z");
    private static final CommissionRate DEFAULT = CommissionRate.of("10");
    private static final List<PerformanceTier> TIERS = List.of(
            new PerformanceTier("silver", 100_000, "15"), new PerformanceTier("gold", 500_000, "20"));

    private FixtureConfiguration<Affiliate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Affiliate.class);
    }

    private static RegisterAffiliate register(boolean activate) {
        return new RegisterAffiliate(AFF, MER, "Ann", "ann@example.com", "ann", null, activate, AT, PARENT, null);
    }

    private static AffiliateRegistered registered(String parentId, int depth) {
        return new AffiliateRegistered(AFF, MER, "Ann", "ann@example.com", "ann", null, AT, parentId, depth);
    }

    // ---- lineage at registration ----

    @Test
    void registersUnderAParentOneLevelBelowIt() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new Affiliate(register(true), new Affiliate.Lineage(PARENT, 2)))
                .expectEvents(registered(PARENT, 3), new AffiliateApproved(AFF, MER));
    }

    @Test
    void registersATopLevelAffiliateWithoutLineage() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new Affiliate(register(false), null))
                .expectEvents(registered(null, 0));
    }

    @Test
    void refusesAnAffiliateAsItsOwnParent() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new Affiliate(register(false), new Affiliate.Lineage(AFF, 0)))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("affiliate " + AFF + " cannot be its own parent")
                .expectNoEvents();
    }

    @Test
    void refusesAParentWhoseLineageIsAlreadyAtTheDepthLimit() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new Affiliate(register(false), new Affiliate.Lineage(PARENT, Affiliate.MAX_LINEAGE_DEPTH)))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("parent affiliate " + PARENT + " already has 10 ancestors; a lineage is at most 10 ancestors deep")
                .expectNoEvents();
    }

    @Test
    void acceptsAParentOneLevelAboveTheDepthLimit() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new Affiliate(register(false), new Affiliate.Lineage(PARENT, Affiliate.MAX_LINEAGE_DEPTH - 1)))
                .expectEvents(registered(PARENT, Affiliate.MAX_LINEAGE_DEPTH));
    }

    @Test
    void offersItsLineageToANewChildOfTheSameMerchant() {
        AtomicReference<Affiliate.Lineage> lineage = new AtomicReference<>();
        fixture.given(registered(PARENT, 4), new AffiliateApproved(AFF, MER))
                .whenInvoking(AFF, a -> lineage.set(a.lineageForChild(MER)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(lineage.get()).isEqualTo(new Affiliate.Lineage(AFF, 4));
    }

    @Test
    void cannotBeFoundAsAParentByAnotherMerchant() {
        fixture.given(registered(null, 0))
                .whenInvoking(AFF, a -> a.lineageForChild(OTHER_MER))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("parent affiliate " + AFF + " does not exist in this program");
    }

    @Test
    void refusesNewChildrenUnderABannedAffiliate() {
        fixture.given(registered(null, 0), new AffiliateBanned(AFF, MER, "fraud"))
                .whenInvoking(AFF, a -> a.lineageForChild(MER))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("parent affiliate " + AFF + " is banned and cannot take new affiliates under it");
    }

    @Test
    void readsAnAffiliateRegisteredBeforeLineageExistedAsTopLevel() {
        AtomicReference<String> parent = new AtomicReference<>("unset");
        fixture.given(new AffiliateRegistered(AFF, MER, "Ann", "ann@example.com", "ann", null, AT))
                .whenInvoking(AFF, a -> parent.set(a.parentId()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(parent.get()).isNull();
    }

    // ---- as an ancestor: bannedAncestorsEarnNothing ----

    @Test
    void aBannedAncestorEarnsNothing() {
        AtomicReference<Optional<CommissionRate>> rate = new AtomicReference<>();
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER), new AffiliateBanned(AFF, MER, "fraud"))
                .whenInvoking(AFF, a -> rate.set(a.ancestorRate(MER, CommissionRate.of("5"))))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(rate.get()).isEmpty();
    }

    @Test
    void suspendedPausedAndPendingAncestorsStillAccrueAtTheirTierRate() {
        for (List<Object> history : List.<List<Object>>of(
                List.of(registered(null, 0), new AffiliateApproved(AFF, MER), new AffiliateSuspended(AFF, MER, "review")),
                List.of(registered(null, 0), new AffiliateApproved(AFF, MER), new AffiliatePaused(AFF, MER)),
                List.of(registered(null, 0)))) {
            setUp();
            AtomicReference<Optional<CommissionRate>> rate = new AtomicReference<>();
            fixture.given(history)
                    .whenInvoking(AFF, a -> rate.set(a.ancestorRate(MER, CommissionRate.of("5"))))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            assertThat(rate.get()).contains(CommissionRate.of("5"));
        }
    }

    // ---- performance tiers ----

    private static final String SALE = "cnv_01hx5m3k8q9v7w2r4t6y0z5a1e";

    /** A sale of 4,900 brought the referred revenue to {@code totalCents}. */
    private static CountReferredRevenue count(long totalCents, List<PerformanceTier> tiers, String tierOnRecord) {
        return new CountReferredRevenue(AFF, MER, SALE, 4_900, "USD", totalCents, tierOnRecord, tiers);
    }

    @Test
    void aBannedAffiliateIsNotPromoted() {
        fixture.given(registered(null, 0), new AffiliateBanned(AFF, MER, "fraud"))
                .when(count(600_000, TIERS, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(null);
    }

    @Test
    void anotherMerchantsSaleCountsNothing() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(new CountReferredRevenue(AFF, OTHER_MER, SALE, 4_900, "USD", 600_000, null, TIERS))
                .expectException(org.affiliateledger.events.common.NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void aPromotionReplayedFromTheHistoryGivesTheTierItsRate() {
        // the promotion is history: a copy rebuilt from the events earns the tier's rate without the running total
        AtomicReference<CommissionRate> rate = new AtomicReference<>();
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER),
                        new AffiliateTierPromoted(AFF, MER, "gold", "20", 600_000, "USD", 500_000L, SALE))
                .whenInvoking(AFF, a -> rate.set(a.earningRate(MER, DEFAULT, TIERS)))
                .expectNoEvents();
        assertThat(rate.get()).isEqualTo(CommissionRate.of("20"));
    }

    @Test
    void isPromotedWhenReferredRevenueReachesATierThreshold() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(count(250_000, TIERS, null))
                .expectEvents(new AffiliateTierPromoted(AFF, MER, "silver", "15", 250_000, "USD", 100_000L, SALE))
                .expectResultMessagePayload("silver");
    }

    @Test
    void isNotPromotedBelowTheFirstThreshold() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(count(99_999, TIERS, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void jumpsStraightToTheHighestTierReached() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(count(600_000, TIERS, null))
                .expectEvents(new AffiliateTierPromoted(AFF, MER, "gold", "20", 600_000, "USD", 500_000L, SALE));
    }

    @Test
    void isNotPromotedAgainToTheTierItHolds() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER),
                        new AffiliateTierPromoted(AFF, MER, "silver", "15", 100_000, "USD", null, null))
                .when(count(250_000, TIERS, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void isNeverDemotedWhenTheThresholdsRise() {
        List<PerformanceTier> raised = List.of(new PerformanceTier("silver", 300_000, "15"), new PerformanceTier("gold", 900_000, "20"));
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER),
                        new AffiliateTierPromoted(AFF, MER, "gold", "20", 500_000, "USD", null, null))
                .when(count(510_000, raised, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void isNotPromotedAgainWhenTheTierIsOnRecordThoughThisCopyLoadedBeforeThePromotion() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(count(250_000, TIERS, "silver"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void earnsTheTierRateOnceItHoldsATier() {
        AtomicReference<CommissionRate> rate = new AtomicReference<>();
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER),
                        new AffiliateTierPromoted(AFF, MER, "silver", "15", 100_000, "USD", null, null))
                .whenInvoking(AFF, a -> rate.set(a.earningRate(MER, DEFAULT, TIERS)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(rate.get()).isEqualTo(CommissionRate.of("15"));
    }

    @Test
    void earnsTheRateRecordedAtPromotionWhenTheTierWasRemovedSince() {
        AtomicReference<CommissionRate> rate = new AtomicReference<>();
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER),
                        new AffiliateTierPromoted(AFF, MER, "bronze", "12", 50_000, "USD", null, null))
                .whenInvoking(AFF, a -> rate.set(a.earningRate(MER, DEFAULT, TIERS)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(rate.get()).isEqualTo(CommissionRate.of("12"));
    }

    @Test
    void anExplicitOverrideWinsOverThePerformanceTier() {
        AtomicReference<CommissionRate> rate = new AtomicReference<>();
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER),
                        new AffiliateTierPromoted(AFF, MER, "silver", "15", 100_000, "USD", null, null),
                        new CommissionOverrideChanged(AFF, MER, "8"))
                .whenInvoking(AFF, a -> rate.set(a.earningRate(MER, DEFAULT, TIERS)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(rate.get()).isEqualTo(CommissionRate.of("8"));
    }

    @Test
    void earnsTheProgramDefaultWithoutOverrideOrTier() {
        AtomicReference<CommissionRate> rate = new AtomicReference<>();
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .whenInvoking(AFF, a -> rate.set(a.earningRate(MER, DEFAULT, TIERS)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(rate.get()).isEqualTo(DEFAULT);
    }

    @Test
    void earnsTheTiersCurrentRateWhenTheProgramChangedItAfterThePromotion() {
        AtomicReference<CommissionRate> rate = new AtomicReference<>();
        List<PerformanceTier> raisedRate = List.of(new PerformanceTier("silver", 100_000, "17"), new PerformanceTier("gold", 500_000, "20"));
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER),
                        new AffiliateTierPromoted(AFF, MER, "silver", "15", 100_000, "USD", null, null))
                .whenInvoking(AFF, a -> rate.set(a.earningRate(MER, DEFAULT, raisedRate)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(rate.get()).as("the rate is not frozen at promotion").isEqualTo(CommissionRate.of("17"));
    }

    @Test
    void isPromotedWhenReferredRevenueReachesTheThresholdExactly() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(count(100_000, TIERS, null))
                .expectEvents(new AffiliateTierPromoted(AFF, MER, "silver", "15", 100_000, "USD", 100_000L, SALE))
                .expectResultMessagePayload("silver");
    }

    @Test
    void anotherMerchantsAffiliateEarnsNothingAsAnAncestor() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .whenInvoking(AFF, a -> a.ancestorRate(OTHER_MER, CommissionRate.of("5")))
                .expectException(org.affiliateledger.events.common.NotFoundException.class)
                .expectNoEvents();
    }

    // ---- the one-off recount of sales made before referred revenue was counted ----

    private static final Instant COUNTED_SINCE = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void aRecountIsRecordedWithWhatItAddedAndTheTotal() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(new RecordReferredRevenueRecount(AFF, MER, "USD", 40_000, 90_000, COUNTED_SINCE, null, TIERS))
                .expectEvents(new ReferredRevenueRecounted(AFF, MER, "USD", 40_000, 90_000, COUNTED_SINCE))
                .expectResultMessagePayload(null);
    }

    @Test
    void aRecountThatReachesAThresholdPromotesNamingTheThresholdButNoSale() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(new RecordReferredRevenueRecount(AFF, MER, "USD", 40_000, 120_000, COUNTED_SINCE, null, TIERS))
                .expectEvents(new ReferredRevenueRecounted(AFF, MER, "USD", 40_000, 120_000, COUNTED_SINCE),
                        new AffiliateTierPromoted(AFF, MER, "silver", "15", 120_000, "USD", 100_000L, null))
                .expectResultMessagePayload("silver");
    }

    @Test
    void aRecountDoesNotPromoteToTheTierOnRecordAgain() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(new RecordReferredRevenueRecount(AFF, MER, "USD", 40_000, 120_000, COUNTED_SINCE, "silver", TIERS))
                .expectEvents(new ReferredRevenueRecounted(AFF, MER, "USD", 40_000, 120_000, COUNTED_SINCE));
    }

    @Test
    void anotherMerchantCannotRecountTheAffiliate() {
        fixture.given(registered(null, 0), new AffiliateApproved(AFF, MER))
                .when(new RecordReferredRevenueRecount(AFF, OTHER_MER, "USD", 40_000, 120_000, COUNTED_SINCE, null, TIERS))
                .expectException(org.affiliateledger.events.common.NotFoundException.class)
                .expectNoEvents();
    }
}
