package org.affiliateledger.command.webhook;

import org.affiliateledger.command.RefusalCode;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.webhook.DisableWebhookEndpoint;
import org.affiliateledger.events.webhook.EnableWebhookEndpoint;
import org.affiliateledger.events.webhook.RecoverWebhookEndpoint;
import org.affiliateledger.events.webhook.WebhookEndpointDisabled;
import org.affiliateledger.events.webhook.WebhookEndpointEnabled;
import org.affiliateledger.events.webhook.WebhookEndpointRecovered;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/** Disabling, enabling and recovering an endpoint are its decisions, in its history; a disabled endpoint is not recovered. */
class WebhookEndpointLifecycleTest {
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String WHE = "whe_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final Instant AT = Instant.parse("2026-01-31T10:00:00Z");
    private static final Instant SINCE = Instant.parse("2026-01-30T00:00:00Z");

    private FixtureConfiguration<WebhookEndpointLifecycle> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WebhookEndpointLifecycle.class);
    }

    @Test
    void disablingAnEnabledEndpointRecordsThatTheMerchantDisabledIt() {
        fixture.givenNoPriorActivity()
                .when(new DisableWebhookEndpoint(WHE, MER, true, AT))
                .expectEvents(new WebhookEndpointDisabled(WHE, MER, "disabled by the merchant", AT))
                .expectResultMessagePayload(true);
    }

    @Test
    void disablingAnEndpointThatIsDisabledAlreadyRecordsNothing() {
        fixture.given(new WebhookEndpointDisabled(WHE, MER, "disabled by the merchant", AT))
                .when(new DisableWebhookEndpoint(WHE, MER, false, AT.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void enablingADisabledEndpointIsRecorded() {
        fixture.given(new WebhookEndpointDisabled(WHE, MER, "disabled by the merchant", AT))
                .when(new EnableWebhookEndpoint(WHE, MER, false, AT.plusSeconds(60)))
                .expectEvents(new WebhookEndpointEnabled(WHE, MER, AT.plusSeconds(60)))
                .expectResultMessagePayload(true);
    }

    @Test
    void enablingAnEndpointDisabledByA410AnswerIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(new EnableWebhookEndpoint(WHE, MER, false, AT))
                .expectEvents(new WebhookEndpointEnabled(WHE, MER, AT));
    }

    @Test
    void enablingAnEnabledEndpointRecordsNothing() {
        fixture.given(new WebhookEndpointEnabled(WHE, MER, AT))
                .when(new EnableWebhookEndpoint(WHE, MER, true, AT.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anotherMerchantCannotDisableTheEndpoint() {
        fixture.given(new WebhookEndpointEnabled(WHE, MER, AT))
                .when(new DisableWebhookEndpoint(WHE, OTHER_MER, true, AT))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("webhook endpoint " + WHE + " not found");
    }

    @Test
    void anotherMerchantCannotEnableTheEndpoint() {
        fixture.given(new WebhookEndpointDisabled(WHE, MER, "disabled by the merchant", AT))
                .when(new EnableWebhookEndpoint(WHE, OTHER_MER, false, AT))
                .expectException(NotFoundException.class);
    }

    @Test
    void recoveringAnEnabledEndpointRecordsSinceWhenAndHowManyDeliveries() {
        fixture.givenNoPriorActivity()
                .when(new RecoverWebhookEndpoint(WHE, MER, true, SINCE, 3, AT))
                .expectEvents(new WebhookEndpointRecovered(WHE, MER, SINCE, 3, AT))
                .expectResultMessagePayload(3);
    }

    @Test
    void recoveringWithNothingToRecoverIsStillRecorded() {
        fixture.given(new WebhookEndpointEnabled(WHE, MER, AT))
                .when(new RecoverWebhookEndpoint(WHE, MER, true, SINCE, 0, AT))
                .expectEvents(new WebhookEndpointRecovered(WHE, MER, SINCE, 0, AT));
    }

    @Test
    void recoveringADisabledEndpointIsRefused() {
        fixture.given(new WebhookEndpointDisabled(WHE, MER, "disabled by the merchant", AT))
                .when(new RecoverWebhookEndpoint(WHE, MER, false, SINCE, 2, AT))
                .expectException(StateConflictException.class)
                .expectException(RefusalCode.is("webhook_endpoint_disabled"));
    }

    @Test
    void anotherMerchantCannotRecoverTheEndpoint() {
        fixture.given(new WebhookEndpointEnabled(WHE, MER, AT))
                .when(new RecoverWebhookEndpoint(WHE, OTHER_MER, true, SINCE, 0, AT))
                .expectException(NotFoundException.class);
    }
}
