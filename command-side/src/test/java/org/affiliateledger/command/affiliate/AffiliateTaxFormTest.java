package org.affiliateledger.command.affiliate;

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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
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

    /** A test-only entry point: PayoutCreation asks the affiliate in its own unit of work. */
    record AskPayee(String affiliateId, String merchantId) {
    }

    record Payees(Repository<Affiliate> affiliates) {
        @CommandHandler
        public Affiliate.Payee handle(AskPayee command) throws Exception {
            return affiliates.load(command.affiliateId()).invoke(a -> a.payee(command.merchantId()));
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Affiliate.class);
        fixture.registerAnnotatedCommandHandler(new Payees(fixture.getRepository()));
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
                .when(new AskPayee(AFF, MER))
                .expectResultMessagePayload(new Affiliate.Payee(AFF, false));
    }

    @Test
    void aPayeeWithATaxFormHasItOnFile() {
        fixture.given(registered(), new AffiliateApproved(AFF, MER), new TaxFormSubmitted(AFF, MER, "W-9", RECEIVED, NOW))
                .when(new AskPayee(AFF, MER))
                .expectResultMessagePayload(new Affiliate.Payee(AFF, true));
    }

    @Test
    void bannedAffiliatesAreNotPaid() {
        fixture.given(registered(), new AffiliateBanned(AFF, MER, "fraud"))
                .when(new AskPayee(AFF, MER))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("affiliate " + AFF + " is banned; banned affiliates are not paid");
    }

    @Test
    void suspendedAffiliatesAreNotPaidUntilReinstated() {
        fixture.given(registered(), new AffiliateApproved(AFF, MER), new AffiliateSuspended(AFF, MER, "review"))
                .when(new AskPayee(AFF, MER))
                .expectException(UnprocessableException.class)
                .expectExceptionMessage("affiliate " + AFF + " is suspended; reinstate it before paying it");
    }

    @Test
    void knowsTheDocumentedFormTypesInAnySpelling() {
        assertThat(TaxForms.normalise(" w-8ben-e ")).isEqualTo("W-8BEN-E");
        assertThatThrownBy(() -> TaxForms.normalise("1099-NEC")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("form_type \"1099-NEC\" is not one of W-9, W-8BEN, W-8BEN-E, W-8ECI, W-8EXP, W-8IMY");
    }

    @Test
    void anotherMerchantCannotAskForThePayee() {
        fixture.given(registered(), new AffiliateApproved(AFF, MER))
                .when(new AskPayee(AFF, OTHER_MER))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("affiliate " + AFF + " not found");
    }

    @Test
    void anotherMerchantCannotReadTheAffiliatesEmail() {
        fixture.given(registered())
                .whenInvoking(AFF, a -> a.emailFor(OTHER_MER))
                .expectException(NotFoundException.class);
    }

    @Test
    void anotherMerchantCannotChangeTheAffiliateEvenWhenCalledDirectly() {
        fixture.given(registered())
                .whenInvoking(AFF, a -> a.update(new org.affiliateledger.events.affiliate.UpdateAffiliate(AFF, OTHER_MER, "Mallory", null, null)))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }
}
