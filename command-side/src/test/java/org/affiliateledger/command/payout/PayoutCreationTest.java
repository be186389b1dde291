package org.affiliateledger.command.payout;

import org.affiliateledger.command.InMemoryLedger;
import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.TaxFormSubmitted;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.PayoutRulesChanged;
import org.affiliateledger.events.payout.CreatePayout;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Creating a payout: it reserves the affiliate's approved commissions in the currency (skipping one a concurrent payout
 * took), decides on the program's payout minimum and tax-form threshold for the payout's calendar year, and a refusal
 * reserves nothing.
 */
class PayoutCreationTest {
    private static final String MER = "mer_1";
    private static final String ANN = "aff_ann";
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final PayoutLedger index = mock(PayoutLedger.class);
    private final PayoutCreation creation = new PayoutCreation(ledger.payouts, ledger.commissions, ledger.affiliates,
            ledger.merchants, index);

    @BeforeEach
    void aProgramInUsdWithAnActiveAffiliate() {
        ledger.given(Merchant.class, MER, new MerchantCreated(MER, "Shop", "10", "USD"));
        ledger.given(Affiliate.class, ANN, new AffiliateRegistered(ANN, MER, "Ann", "ann@example.com", "ann", null, AT),
                new AffiliateApproved(ANN, MER));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private void approved(String commissionId, long amountCents, String currency) {
        ledger.given(Commission.class, commissionId,
                new CommissionCreated(commissionId, MER, "cnv_" + commissionId, ANN, 0, amountCents * 10, "10", amountCents,
                        currency, CommissionKind.COMMISSION, null, AT),
                new CommissionApproved(commissionId, MER, "cnv_" + commissionId, ANN, amountCents, currency));
    }

    private void eligible(String currency, String... commissionIds) {
        when(index.eligibleCommissions(MER, ANN, currency)).thenReturn(
                Arrays.stream(commissionIds).map(id -> new PayoutLedger.Candidate(id, null)).toList());
    }

    private PayoutCreated create(String currency) throws Exception {
        return ledger.run(() -> creation.handle(new CreatePayout("pay_1", MER, ANN, currency, "bat_1", AT)));
    }

    private static String code(Throwable refusal) {
        return ((LedgerException) refusal).code();
    }

    @Test
    void reservesEveryEligibleCommissionAndPaysTheirSum() throws Exception {
        approved("com_1", 490, "USD");
        approved("com_2", 510, "USD");
        eligible("USD", "com_1", "com_2");

        PayoutCreated created = create("usd");

        PayoutCreated expected = new PayoutCreated("pay_1", MER, ANN, "bat_1", "USD", 1_000, List.of("com_1", "com_2"), AT);
        assertThat(created).isEqualTo(expected);
        assertThat(ledger.eventsOf("pay_1")).containsExactly(expected);
        assertThat(ledger.eventsOf("com_1")).endsWith(new CommissionIncludedInPayout("com_1", MER, ANN, "pay_1", 490, "USD"));
        assertThat(ledger.eventsOf("com_2")).endsWith(new CommissionIncludedInPayout("com_2", MER, ANN, "pay_1", 510, "USD"));
    }

    @Test
    void paysInTheCurrencyNamedWhateverTheProgramCurrency() throws Exception {
        approved("com_1", 490, "USD");
        approved("com_2", 700, "EUR");
        eligible("USD", "com_1");
        eligible("EUR", "com_2");
        PayoutCreated created = create("eur");
        assertThat(created.currency()).isEqualTo("EUR");
        assertThat(created.commissionIds()).containsExactly("com_2");
        assertThat(created.amountCents()).isEqualTo(700);
    }

    @Test
    void paysInTheProgramCurrencyWhenNoneIsNamed() throws Exception {
        approved("com_1", 490, "USD");
        eligible("USD", "com_1");
        assertThat(create(null).currency()).isEqualTo("USD");
    }

    @Test
    void skipsACommissionAConcurrentPayoutAlreadyTook() throws Exception {
        approved("com_1", 490, "USD");
        approved("com_2", 510, "USD");
        ledger.given(Commission.class, "com_1", new CommissionIncludedInPayout("com_1", MER, ANN, "pay_0", 490, "USD"));
        eligible("USD", "com_1", "com_2");

        PayoutCreated created = create("USD");

        assertThat(created.commissionIds()).containsExactly("com_2");
        assertThat(created.amountCents()).isEqualTo(510);
    }

    /** The index still shows {@code commissionId} reserved by {@code payoutId}, which has failed. */
    private void stillReservedByFailedPayout(String commissionId, String payoutId) {
        when(index.eligibleCommissions(MER, ANN, "USD")).thenReturn(List.of(new PayoutLedger.Candidate(commissionId, payoutId)));
    }

    private void failedPayout(String payoutId, String commissionId, long amountCents, String reason) {
        ledger.given(Payout.class, payoutId,
                new PayoutCreated(payoutId, MER, ANN, null, "USD", amountCents, List.of(commissionId), AT),
                new PayoutFailed(payoutId, MER, ANN, amountCents, "USD", reason));
        ledger.given(Commission.class, commissionId,
                new CommissionIncludedInPayout(commissionId, MER, ANN, payoutId, amountCents, "USD"));
    }

    @Test
    void releasesACommissionAFailedPayoutStillReservesBeforeTakingIt() throws Exception {
        approved("com_1", 490, "USD");
        failedPayout("pay_0", "com_1", 490, "account closed");
        stillReservedByFailedPayout("com_1", "pay_0");

        PayoutCreated created = create("USD");

        assertThat(created.commissionIds()).containsExactly("com_1");
        assertThat(created.amountCents()).isEqualTo(490);
        assertThat(ledger.eventsOf("com_1")).endsWith(
                new CommissionReleasedFromPayout("com_1", MER, ANN, "pay_0", "account closed"),
                new CommissionIncludedInPayout("com_1", MER, ANN, "pay_1", 490, "USD"));
    }

    @Test
    void releasesEveryCommissionOfTheFailedPayoutWithItsReason() throws Exception {
        approved("com_1", 490, "USD");
        approved("com_2", 510, "USD");
        ledger.given(Payout.class, "pay_0",
                new PayoutCreated("pay_0", MER, ANN, null, "USD", 1_000, List.of("com_1", "com_2"), AT),
                new PayoutFailed("pay_0", MER, ANN, 1_000, "USD", "IBAN invalid"));
        ledger.given(Commission.class, "com_1", new CommissionIncludedInPayout("com_1", MER, ANN, "pay_0", 490, "USD"));
        ledger.given(Commission.class, "com_2", new CommissionIncludedInPayout("com_2", MER, ANN, "pay_0", 510, "USD"));
        when(index.eligibleCommissions(MER, ANN, "USD")).thenReturn(List.of(
                new PayoutLedger.Candidate("com_1", "pay_0"), new PayoutLedger.Candidate("com_2", "pay_0")));

        PayoutCreated created = create("USD");

        assertThat(created.commissionIds()).containsExactly("com_1", "com_2");
        assertThat(created.amountCents()).isEqualTo(1_000);
        assertThat(ledger.eventsOf("com_1")).contains(new CommissionReleasedFromPayout("com_1", MER, ANN, "pay_0", "IBAN invalid"));
        assertThat(ledger.eventsOf("com_2")).contains(new CommissionReleasedFromPayout("com_2", MER, ANN, "pay_0", "IBAN invalid"));
    }

    @Test
    void takesACommissionThePayoutSagaReleasedMeanwhileWithoutReleasingItAgain() throws Exception {
        approved("com_1", 490, "USD");
        failedPayout("pay_0", "com_1", 490, "account closed");
        ledger.given(Commission.class, "com_1",
                new CommissionReleasedFromPayout("com_1", MER, ANN, "pay_0", "account closed"));
        stillReservedByFailedPayout("com_1", "pay_0");
        int before = ledger.eventsOf("com_1").size();

        create("USD");

        assertThat(ledger.newEventsOf("com_1", before))
                .containsExactly(new CommissionIncludedInPayout("com_1", MER, ANN, "pay_1", 490, "USD"));
    }

    @Test
    void leavesACommissionAnotherPayoutTookAfterTheFailureWhereItIs() throws Exception {
        approved("com_1", 490, "USD");
        approved("com_2", 510, "USD");
        failedPayout("pay_0", "com_1", 490, "account closed");
        ledger.given(Commission.class, "com_1",
                new CommissionReleasedFromPayout("com_1", MER, ANN, "pay_0", "account closed"),
                new CommissionIncludedInPayout("com_1", MER, ANN, "pay_9", 490, "USD"));
        when(index.eligibleCommissions(MER, ANN, "USD")).thenReturn(List.of(
                new PayoutLedger.Candidate("com_1", "pay_0"), new PayoutLedger.Candidate("com_2", null)));
        int before = ledger.eventsOf("com_1").size();

        PayoutCreated created = create("USD");

        assertThat(created.commissionIds()).containsExactly("com_2");
        assertThat(ledger.newEventsOf("com_1", before)).isEmpty();
    }

    @Test
    void nothingEligibleIsNothingToPay() {
        eligible("USD");
        assertThatThrownBy(() -> create("USD"))
                .isInstanceOf(UnprocessableException.class)
                .satisfies(e -> assertThat(code(e)).isEqualTo("nothing_to_pay"));
        assertThat(ledger.eventsOf("pay_1")).isEmpty();
    }

    @Test
    void belowTheProgramsMinimumIsRefusedAndReservesNothing() {
        ledger.given(Merchant.class, MER, new PayoutRulesChanged(MER, 1_001, null));
        approved("com_1", 1_000, "USD");
        eligible("USD", "com_1");

        assertThatThrownBy(() -> create("USD"))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("below the program's payout minimum of 10.01 USD")
                .satisfies(e -> assertThat(code(e)).isEqualTo("below_payout_minimum"));
        assertThat(ledger.eventsOf("pay_1")).isEmpty();
        assertThat(ledger.eventsOf("com_1")).hasSize(2);
    }

    @Test
    void exactlyTheProgramsMinimumIsPaid() throws Exception {
        ledger.given(Merchant.class, MER, new PayoutRulesChanged(MER, 1_000, null));
        approved("com_1", 1_000, "USD");
        eligible("USD", "com_1");
        assertThat(create("USD").amountCents()).isEqualTo(1_000);
    }

    @Test
    void aboveTheTaxFormThresholdWithThisYearsEarlierPayoutsNeedsATaxForm() {
        ledger.given(Merchant.class, MER, new PayoutRulesChanged(MER, 0, 60_000L));
        approved("com_1", 1_000, "USD");
        eligible("USD", "com_1");
        when(index.yearToDateCents(MER, ANN, "USD", 2026)).thenReturn(59_001L);

        assertThatThrownBy(() -> create("USD"))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("2026 payouts in USD would reach 600.01 USD")
                .satisfies(e -> assertThat(code(e)).isEqualTo("tax_form_required"));
    }

    @Test
    void reachingTheTaxFormThresholdExactlyNeedsNoTaxForm() throws Exception {
        ledger.given(Merchant.class, MER, new PayoutRulesChanged(MER, 0, 60_000L));
        approved("com_1", 1_000, "USD");
        eligible("USD", "com_1");
        when(index.yearToDateCents(MER, ANN, "USD", 2026)).thenReturn(59_000L);
        assertThat(create("USD").amountCents()).isEqualTo(1_000);
    }

    @Test
    void aTaxFormOnFileLiftsTheThreshold() throws Exception {
        ledger.given(Merchant.class, MER, new PayoutRulesChanged(MER, 0, 60_000L));
        ledger.given(Affiliate.class, ANN, new TaxFormSubmitted(ANN, MER, "W-9", LocalDate.of(2026, 1, 5), AT));
        approved("com_1", 1_000, "USD");
        eligible("USD", "com_1");
        when(index.yearToDateCents(MER, ANN, "USD", 2026)).thenReturn(100_000L);
        assertThat(create("USD").amountCents()).isEqualTo(1_000);
    }

    @Test
    void aSuspendedAffiliateIsNotPaid() {
        ledger.given(Affiliate.class, ANN, new AffiliateSuspended(ANN, MER, "review"));
        assertThatThrownBy(() -> create("USD"))
                .isInstanceOf(UnprocessableException.class)
                .satisfies(e -> assertThat(code(e)).isEqualTo("affiliate_not_payable"));
    }

    @Test
    void aBannedAffiliateIsNotPaid() {
        ledger.given(Affiliate.class, ANN, new AffiliateBanned(ANN, MER, "fraud"));
        assertThatThrownBy(() -> create("USD"))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("banned affiliates are not paid");
    }

    @Test
    void anUnknownAffiliateIsNotFound() {
        assertThatThrownBy(() -> ledger.run(() -> creation.handle(new CreatePayout("pay_1", MER, "aff_nobody", "USD", null, AT))))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("aff_nobody");
    }

    @Test
    void anotherMerchantsAffiliateIsNotFound() {
        ledger.given(Merchant.class, "mer_2", new MerchantCreated("mer_2", "Other", "10", "USD"));
        assertThatThrownBy(() -> ledger.run(() -> creation.handle(new CreatePayout("pay_1", "mer_2", ANN, "USD", null, AT))))
                .isInstanceOf(NotFoundException.class);
    }
}
