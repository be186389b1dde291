package org.affiliateledger.command.stripe;

import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.stripe.AttributeStripeCustomer;
import org.affiliateledger.events.stripe.StripeCustomerAttributed;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/**
 * Who referred a Stripe customer, decided from the Stripe notices: the customer's own metadata wins over its checkout
 * or first sale, newer metadata over older, and each decision records which Stripe object, metadata value or click
 * session made it.
 */
class StripeCustomerTest {
    private static final String MER = "mer_1";
    private static final String ID = StripeCustomerAttributed.idOf(MER, "cus_1");
    private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");

    private FixtureConfiguration<StripeCustomer> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StripeCustomer.class);
    }

    private static AttributeStripeCustomer said(String affiliateId, String source, String decidedBy, Instant at) {
        return StripeCustomers.attribution(MER, "cus_1", affiliateId, source, decidedBy, "jane", "ses_1", at);
    }

    private static StripeCustomerAttributed attributed(String affiliateId, String source, String decidedBy, Instant at,
                                                       String previous) {
        return new StripeCustomerAttributed(MER, "cus_1", affiliateId, source, decidedBy, "jane", "ses_1", at, previous);
    }

    @Test
    void aCustomerNobodyReferredYetIsAttributedByItsFirstSaleWithTheChargeThatDecidedIt() {
        fixture.givenNoPriorActivity()
                .when(said("aff_1", "first_sale", "ch_1", T1))
                .expectEvents(attributed("aff_1", "first_sale", "ch_1", T1, null))
                .expectResultMessagePayload(true);
    }

    @Test
    void aCheckoutAttributesACustomerNobodyReferredYet() {
        fixture.givenNoPriorActivity()
                .when(said("aff_1", "checkout", "cs_1", T1))
                .expectEvents(attributed("aff_1", "checkout", "cs_1", T1, null));
    }

    @Test
    void aLaterCheckoutOrSaleNeverReplacesWhoReferredTheCustomer() {
        fixture.given(attributed("aff_1", "checkout", "cs_1", T1, null))
                .when(said("aff_2", "first_sale", "ch_2", T2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void theCustomersOwnMetadataReplacesWhatItsCheckoutImplied() {
        fixture.given(attributed("aff_1", "checkout", "cs_1", T2, null))
                .when(said("aff_2", "customer_metadata", "cus_1", T1))
                .expectEvents(attributed("aff_2", "customer_metadata", "cus_1", T1, "aff_1"));
    }

    @Test
    void newerMetadataReplacesOlderMetadata() {
        fixture.given(attributed("aff_1", "customer_metadata", "cus_1", T1, null))
                .when(said("aff_2", "customer_metadata", "cus_1", T2))
                .expectEvents(attributed("aff_2", "customer_metadata", "cus_1", T2, "aff_1"));
    }

    @Test
    void metadataOfTheSameMomentReplacesToo() {
        fixture.given(attributed("aff_1", "customer_metadata", "cus_1", T1, null))
                .when(said("aff_2", "customer_metadata", "cus_1", T1))
                .expectEvents(attributed("aff_2", "customer_metadata", "cus_1", T1, "aff_1"));
    }

    @Test
    void olderMetadataArrivingLateChangesNothing() {
        fixture.given(attributed("aff_2", "customer_metadata", "cus_1", T2, "aff_1"))
                .when(said("aff_1", "customer_metadata", "cus_1", T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void sayingAgainWhatIsKnownRecordsNothing() {
        fixture.given(attributed("aff_1", "customer_metadata", "cus_1", T1, null))
                .when(said("aff_1", "customer_metadata", "cus_1", T2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void metadataConfirmingWhatTheCheckoutImpliedIsRecordedAsTheCustomersOwnWord() {
        fixture.given(attributed("aff_1", "checkout", "cs_1", T1, null))
                .when(said("aff_1", "customer_metadata", "cus_1", T2))
                .expectEvents(attributed("aff_1", "customer_metadata", "cus_1", T2, "aff_1"));
    }

    @Test
    void anUnknownSourceIsRefused() {
        fixture.givenNoPriorActivity()
                .when(said("aff_1", "rumour", null, T1))
                .expectException(InvalidRequestException.class)
                .expectNoEvents();
    }

    @Test
    void theAttributionIsKeptPerMerchantAndCustomer() {
        org.assertj.core.api.Assertions.assertThat(ID).isEqualTo("mer_1/cus_1");
    }
}
