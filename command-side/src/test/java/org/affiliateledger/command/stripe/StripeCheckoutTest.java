package org.affiliateledger.command.stripe;

import org.affiliateledger.events.stripe.StripeCheckoutAttributed;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who a payment intent's checkout says referred it: the latest checkout decides, and says so in the history. */
class StripeCheckoutTest {
    private static final String MER = "mer_1";
    private FixtureConfiguration<StripeCheckout> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StripeCheckout.class);
    }

    private static StripeCheckoutAttributed attributed(String checkout, String affiliateId, String session) {
        return new StripeCheckoutAttributed(MER, "pi_1", checkout, affiliateId, "jane", session);
    }

    @Test
    void aCheckoutAttributesItsPaymentIntentNamingTheSessionAndReferenceThatDecidedIt() {
        fixture.givenNoPriorActivity()
                .when(StripeCheckouts.attribution(MER, "pi_1", "cs_1", "aff_1", "jane", "ses_1"))
                .expectEvents(attributed("cs_1", "aff_1", "ses_1"))
                .expectResultMessagePayload(true);
    }

    @Test
    void aRedeliveredCheckoutNoticeRecordsNothing() {
        fixture.given(attributed("cs_1", "aff_1", "ses_1"))
                .when(StripeCheckouts.attribution(MER, "pi_1", "cs_1", "aff_1", "jane", "ses_1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aLaterCheckoutOfTheSamePaymentIntentReplacesTheAttribution() {
        fixture.given(attributed("cs_1", "aff_1", "ses_1"))
                .when(StripeCheckouts.attribution(MER, "pi_1", "cs_2", "aff_2", "jane", null))
                .expectEvents(attributed("cs_2", "aff_2", null));
    }

    @Test
    void aLaterCheckoutNamingTheSameAffiliateIsStillRecorded() {
        fixture.given(attributed("cs_1", "aff_1", "ses_1"))
                .when(StripeCheckouts.attribution(MER, "pi_1", "cs_2", "aff_1", "jane", "ses_1"))
                .expectEvents(attributed("cs_2", "aff_1", "ses_1"))
                .expectResultMessagePayload(true);
    }

    @Test
    void theSameCheckoutNamingAnotherClickSessionIsRecorded() {
        fixture.given(attributed("cs_1", "aff_1", "ses_1"))
                .when(StripeCheckouts.attribution(MER, "pi_1", "cs_1", "aff_1", "jane", "ses_2"))
                .expectEvents(attributed("cs_1", "aff_1", "ses_2"))
                .expectResultMessagePayload(true);
    }

    @Test
    void theSameCheckoutNamingAnotherAffiliateIsRecorded() {
        fixture.given(attributed("cs_1", "aff_1", "ses_1"))
                .when(StripeCheckouts.attribution(MER, "pi_1", "cs_1", "aff_2", "jane", "ses_1"))
                .expectEvents(attributed("cs_1", "aff_2", "ses_1"))
                .expectResultMessagePayload(true);
    }

    @Test
    void theAttributionIdIsTheMerchantAndThePaymentIntent() {
        org.assertj.core.api.Assertions.assertThat(StripeCheckouts.attribution(MER, "pi_1", "cs_1", "aff_1", "jane", "ses_1"))
                .isEqualTo(new org.affiliateledger.events.stripe.AttributeStripeCheckout("mer_1/pi_1", MER, "pi_1", "cs_1",
                        "aff_1", "jane", "ses_1"));
    }
}
