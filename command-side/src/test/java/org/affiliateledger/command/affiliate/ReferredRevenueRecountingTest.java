package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.InMemoryLedger;
import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.affiliate.RecountReferredRevenue;
import org.affiliateledger.events.affiliate.ReferredRevenueRecounted;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.affiliateledger.events.merchant.PerformanceTiersChanged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * A recount happens once per (merchant, affiliate, currency): the first claims it, adds the sales to the running
 * total and lets the affiliate record it (and promote); a second finds it claimed and changes nothing.
 */
class ReferredRevenueRecountingTest {
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final Instant AT = Instant.parse("2026-01-15T09:00:00Z");
    private static final Instant COUNTED_SINCE = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<PerformanceTier> TIERS = List.of(new PerformanceTier("silver", 100_000, "15"));

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final ReferredRevenue referredRevenue = mock(ReferredRevenue.class);
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec claim = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final ReferredRevenueRecounting recounting = new ReferredRevenueRecounting(ledger.merchants, ledger.affiliates,
            referredRevenue, jdbc);
    private final RecountReferredRevenue command = new RecountReferredRevenue(AFF, MER, "USD", 40_000, COUNTED_SINCE);

    {
        when(jdbc.sql(anyString())).thenReturn(claim);
        ledger.given(Merchant.class, MER, new MerchantCreated(MER, "Shop", "10", "USD"), new PerformanceTiersChanged(MER, TIERS));
        ledger.given(Affiliate.class, AFF, new AffiliateRegistered(AFF, MER, "Ann", "ann@example.com", "ann", null, AT, null, 0),
                new AffiliateApproved(AFF, MER));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void aRecountClaimedBeforeChangesNothing() throws Exception {
        when(claim.update()).thenReturn(0);
        assertThat(ledger.run(() -> recounting.handle(command))).isFalse();
        verifyNoInteractions(referredRevenue);
        assertThat(ledger.eventsOf(AFF)).hasSize(2);
    }

    @Test
    void theFirstRecountAddsTheSalesAndTheAffiliateRecordsIt() throws Exception {
        when(claim.update()).thenReturn(1);
        when(referredRevenue.add(MER, AFF, "USD", 40_000)).thenReturn(new ReferredRevenue.Standing(90_000, null));
        assertThat(ledger.run(() -> recounting.handle(command))).isTrue();
        verify(claim).params(MER, AFF, "USD", 40_000L);
        assertThat(ledger.eventsOf(AFF)).last().isEqualTo(new ReferredRevenueRecounted(AFF, MER, "USD", 40_000, 90_000, COUNTED_SINCE));
        verify(referredRevenue, never()).promoted(anyString(), anyString(), anyString(), anyString());
    }

    @Test
    void aRecountReachingATierPromotesAndKeepsThePromotionWithTheTotal() throws Exception {
        when(claim.update()).thenReturn(1);
        when(referredRevenue.add(MER, AFF, "USD", 40_000)).thenReturn(new ReferredRevenue.Standing(120_000, null));
        assertThat(ledger.run(() -> recounting.handle(command))).isTrue();
        assertThat(ledger.eventsOf(AFF)).last().isEqualTo(new AffiliateTierPromoted(AFF, MER, "silver", "15", 120_000, "USD",
                100_000L, null));
        verify(referredRevenue).promoted(MER, AFF, "USD", "silver");
    }
}
