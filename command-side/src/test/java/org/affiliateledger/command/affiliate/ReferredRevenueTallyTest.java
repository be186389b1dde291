package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.affiliate.ReferredRevenueRecount.Tally;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.ProgramCurrencyChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The recount sums what ConversionRecording counts: tier-0 sales in the program currency of their time. */
class ReferredRevenueTallyTest {
    private static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    private static ConversionRecorded sale(String conversion, String affiliate, ConversionSource source, long amount,
                                           String currency) {
        return new ConversionRecorded(conversion, "mer_1", affiliate, source, null, amount, currency, null, "10", amount / 10,
                null, AT, source == ConversionSource.EVENT ? "signup" : null, null, List.of(), null);
    }

    @Test
    void sumsEachAffiliatesSalesInTheProgramCurrencyOfTheirTime() {
        Tally tally = new Tally();
        tally.accept(new MerchantCreated("mer_1", "Shop", "10", null));                 // USD before currencies were kept
        tally.accept(sale("cnv_1", "aff_1", ConversionSource.MANUAL, 4_900, "USD"));
        tally.accept(sale("cnv_2", "aff_1", ConversionSource.STRIPE, 100, "USD"));
        tally.accept(sale("cnv_3", "aff_2", ConversionSource.MANUAL, 700, "EUR"));     // not the program currency then
        tally.accept(sale("cnv_4", "aff_1", ConversionSource.EVENT, 5_000, "USD"));    // events are not sales
        tally.accept(new ProgramCurrencyChanged("mer_1", "EUR", "USD"));
        tally.accept(sale("cnv_5", "aff_2", ConversionSource.MANUAL, 300, "EUR"));

        assertThat(tally.uncounted()).containsOnly(
                org.assertj.core.api.Assertions.entry(new Tally.Key("mer_1", "aff_1", "USD"), 5_000L),
                org.assertj.core.api.Assertions.entry(new Tally.Key("mer_1", "aff_2", "EUR"), 300L));
    }

    @Test
    void countsNothingForAMerchantItHasNotSeenCreated() {
        Tally tally = new Tally();
        tally.accept(sale("cnv_1", "aff_1", ConversionSource.MANUAL, 4_900, "USD"));
        assertThat(tally.uncounted()).isEmpty();
    }

    @Test
    void aSaleOfNothingOrWithoutCurrencyAddsNothingAndOneCentAdds() {
        Tally tally = new Tally();
        tally.accept(new MerchantCreated("mer_1", "Shop", "10", "USD"));
        tally.accept(sale("cnv_1", "aff_1", ConversionSource.MANUAL, 0, "USD"));
        tally.accept(sale("cnv_2", "aff_2", ConversionSource.MANUAL, -500, "USD"));
        tally.accept(sale("cnv_3", "aff_3", ConversionSource.MANUAL, 900, null));
        assertThat(tally.uncounted()).isEmpty();
        tally.accept(sale("cnv_4", "aff_1", ConversionSource.MANUAL, 1, "USD"));
        assertThat(tally.uncounted()).containsExactly(
                org.assertj.core.api.Assertions.entry(new Tally.Key("mer_1", "aff_1", "USD"), 1L));
    }

    @Test
    void eachMerchantsSalesAreCountedInItsOwnProgramCurrency() {
        Tally tally = new Tally();
        tally.accept(new MerchantCreated("mer_1", "Shop", "10", "EUR"));
        tally.accept(new MerchantCreated("mer_2", "Other", "10", null));
        tally.accept(sale("cnv_1", "aff_1", ConversionSource.MANUAL, 100, "EUR"));
        tally.accept(sale("cnv_2", "aff_1", ConversionSource.MANUAL, 200, "USD"));
        assertThat(tally.uncounted()).containsExactly(
                org.assertj.core.api.Assertions.entry(new Tally.Key("mer_1", "aff_1", "EUR"), 100L));
        assertThat(Tally.READS).containsExactlyInAnyOrder(MerchantCreated.class, ProgramCurrencyChanged.class,
                ConversionRecorded.class);
    }
}
