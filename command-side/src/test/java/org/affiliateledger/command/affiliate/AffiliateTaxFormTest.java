package org.affiliateledger.command.affiliate;

import org.affiliateledger.events.payout.OpenPayout;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.SubmitTaxForm;
import org.affiliateledger.events.affiliate.TaxFormSubmitted;
import org.affiliateledger.events.affiliate.TaxForms;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tax form on file, and what a payout learns about its payee. */
class AffiliateTaxFormTest {
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    private static final LocalDate RECEIVED = LocalDate.parse("2026-11-01");

    private FixtureConfiguration<Affiliate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Affiliate.class);
    }

    private static AffiliateRegistered registered() {
        return new AffiliateRegistered(AFF, MER, "Ann Example", "ann@example.com", "ann", null, NOW.minusSeconds(86400 * 30));
    }

    @Test
    void recordsATaxForm() {
        fixture.given(registered(), new AffiliateApproved(AFF, MER))
                .when(new SubmitTaxForm(AFF, MER, "W-9", RECEIVED, NOW))
                .expectEvents(new TaxFormSubmitted(AFF, MER, "W-9", RECEIVED, NOW))
                .expectResultMessagePayload(AffiliateStatus.ACTIVE);
    }

    @Test
    void aNewerTaxFormIsRecordedToo() {
        fixture.given(registered(), new TaxFormSubmitted(AFF, MER, "W-8BEN", LocalDate.parse("2025-01-10"), NOW.minusSeconds(3600)))
                .when(new SubmitTaxForm(AFF, MER, "W-9", RECEIVED, NOW))
                .expectEvents(new TaxFormSubmitted(AFF, MER, "W-9", RECEIVED, NOW));
    }

    @Test
    void acceptsAFormReceivedTodayAnywhereOnEarth() {
        // 10:00 UTC on 2 November is already 3 November in Kiribati (UTC+14)
        fixture.given(registered())
                .when(new SubmitTaxForm(AFF, MER, "W-9", LocalDate.parse("2026-11-03"), NOW))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void refusesATaxFormReceivedInTheFuture() {
        fixture.given(registered())
                .when(new SubmitTaxForm(AFF, MER, "W-9", LocalDate.parse("2026-11-04"), NOW))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("received_on 2026-11-04 is in the future")
                .expectNoEvents();
    }

    @Test
    void refusesATaxFormOfABannedAffiliate() {
        fixture.given(registered(), new AffiliateBanned(AFF, MER, "fraud"))
                .when(new SubmitTaxForm(AFF, MER, "W-9", RECEIVED, NOW))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void hidesAnotherMerchantsAffiliate() {
        fixture.given(registered())
                .when(new SubmitTaxForm(AFF, OTHER_MER, "W-9", RECEIVED, NOW))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void aPayeeWithoutATaxFormHasNoneOnFile() {
        fixture.given(registered(), new AffiliateApproved(AFF, MER))
                .whenInvoking(AFF, a -> assertThat(a.payee()).isEqualTo(new OpenPayout.Payee(AFF, MER, AffiliateStatus.ACTIVE, false)));
    }

    @Test
    void aPayeeWithATaxFormHasItOnFile() {
        fixture.given(registered(), new AffiliateApproved(AFF, MER), new TaxFormSubmitted(AFF, MER, "W-9", RECEIVED, NOW))
                .whenInvoking(AFF, a -> assertThat(a.payee()).isEqualTo(new OpenPayout.Payee(AFF, MER, AffiliateStatus.ACTIVE, true)));
    }

    @Test
    void knowsTheDocumentedFormTypesInAnySpelling() {
        assertThat(TaxForms.normalise(" w-8ben-e ")).isEqualTo("W-8BEN-E");
        assertThatThrownBy(() -> TaxForms.normalise("1099-NEC")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("form_type \"1099-NEC\" is not one of W-9, W-8BEN, W-8BEN-E, W-8ECI, W-8EXP, W-8IMY");
    }

    @Test
    void anotherMerchantCannotReadTheAffiliatesEmail() {
        fixture.given(registered())
                .whenInvoking(AFF, a -> a.emailFor(OTHER_MER))
                .expectException(NotFoundException.class);
    }
}
