package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.webhook.ChangeWebhookEndpoint;
import org.affiliateledger.events.webhook.DeleteWebhookEndpoint;
import org.affiliateledger.events.webhook.DisableWebhookEndpoint;
import org.affiliateledger.events.webhook.EnableWebhookEndpoint;
import org.affiliateledger.events.webhook.RecordExistingWebhookEndpoint;
import org.affiliateledger.events.webhook.RecoverWebhookEndpoint;
import org.affiliateledger.events.webhook.RegisterWebhookEndpoint;
import org.affiliateledger.events.webhook.RotateWebhookSecret;
import org.affiliateledger.events.webhook.WebhookEndpointChanged;
import org.affiliateledger.events.webhook.WebhookEndpointDeleted;
import org.affiliateledger.events.webhook.WebhookEndpointDisabled;
import org.affiliateledger.events.webhook.WebhookEndpointEnabled;
import org.affiliateledger.events.webhook.WebhookEndpointHistoryStarted;
import org.affiliateledger.events.webhook.WebhookEndpointRegistered;
import org.affiliateledger.events.webhook.WebhookSecretRotated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Registering, changing, rotating the secret of and deleting an endpoint are its decisions, in its history (never a
 * secret); a deleted or another merchant's endpoint is unknown; a 410 Gone answer disables it with its own reason.
 */
class WebhookEndpointSettingsTest {
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String WHE = "whe_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String URL = "https://example.com/hooks";
    private static final Instant AT = Instant.parse("2026-01-31T10:00:00Z");
    private static final WebhookEndpointRegistered REGISTERED =
            new WebhookEndpointRegistered(WHE, MER, URL, "orders", List.of("commission.created"), true, AT);

    private FixtureConfiguration<WebhookEndpointLifecycle> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WebhookEndpointLifecycle.class);
    }

    @Test
    void registeringRecordsWhereAndWhatItReceivesWithEachTypeOnce() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookEndpoint(WHE, MER, URL, "orders",
                        List.of("commission.created", "commission.approved", "commission.created"), true, AT))
                .expectEvents(new WebhookEndpointRegistered(WHE, MER, URL, "orders",
                        List.of("commission.created", "commission.approved"), true, AT));
    }

    @Test
    void registeringWithoutTypesReceivesEveryType() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookEndpoint(WHE, MER, URL, null, null, false, AT))
                .expectEvents(new WebhookEndpointRegistered(WHE, MER, URL, null, List.of(), false, AT));
    }

    @Test
    void registeringForAnUnknownTypeIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookEndpoint(WHE, MER, URL, null, List.of("payout.exploded"), true, AT))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("unknown event type \"payout.exploded\""));
    }

    @Test
    void changingRecordsOnlyWhatIsGiven() {
        fixture.given(REGISTERED)
                .when(new ChangeWebhookEndpoint(WHE, MER, null, "refunds too", null, AT.plusSeconds(60)))
                .expectEvents(new WebhookEndpointChanged(WHE, MER, null, "refunds too", null, AT.plusSeconds(60)));
    }

    @Test
    void changingTheTypesRecordsEachKnownTypeOnce() {
        fixture.given(REGISTERED)
                .when(new ChangeWebhookEndpoint(WHE, MER, URL + "/v2", null,
                        List.of("payout.paid", "payout.paid"), AT.plusSeconds(60)))
                .expectEvents(new WebhookEndpointChanged(WHE, MER, URL + "/v2", null, List.of("payout.paid"), AT.plusSeconds(60)));
    }

    @Test
    void changingNothingRecordsNothing() {
        fixture.given(REGISTERED)
                .when(new ChangeWebhookEndpoint(WHE, MER, null, null, null, AT.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void changingToAnUnknownTypeIsRefused() {
        fixture.given(REGISTERED)
                .when(new ChangeWebhookEndpoint(WHE, MER, null, null, List.of("payout.exploded"), AT.plusSeconds(60)))
                .expectException(InvalidRequestException.class);
    }

    @Test
    void anotherMerchantCannotChangeTheEndpoint() {
        fixture.given(REGISTERED)
                .when(new ChangeWebhookEndpoint(WHE, OTHER_MER, URL + "/mine", null, null, AT.plusSeconds(60)))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("webhook endpoint " + WHE + " not found");
    }

    @Test
    void changingAnEndpointRegisteredBeforeSettingsWereEventsIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(new ChangeWebhookEndpoint(WHE, MER, URL + "/v2", null, null, AT))
                .expectEvents(new WebhookEndpointChanged(WHE, MER, URL + "/v2", null, null, AT));
    }

    @Test
    void rotatingRecordsUntilWhenThePreviousSecretsSignAndNoSecret() {
        fixture.given(REGISTERED)
                .when(new RotateWebhookSecret(WHE, MER, AT.plusSeconds(60)))
                .expectEvents(new WebhookSecretRotated(WHE, MER, AT.plusSeconds(60).plus(Duration.ofHours(24)), AT.plusSeconds(60)));
        assertNoSecretField(WebhookSecretRotated.class);
        assertNoSecretField(WebhookEndpointRegistered.class);
    }

    @Test
    void anotherMerchantCannotRotateTheSecret() {
        fixture.given(REGISTERED)
                .when(new RotateWebhookSecret(WHE, OTHER_MER, AT.plusSeconds(60)))
                .expectException(NotFoundException.class);
    }

    @Test
    void deletingIsRecorded() {
        fixture.given(REGISTERED)
                .when(new DeleteWebhookEndpoint(WHE, MER, AT.plusSeconds(60)))
                .expectEvents(new WebhookEndpointDeleted(WHE, MER, AT.plusSeconds(60)));
    }

    @Test
    void anotherMerchantCannotDeleteTheEndpoint() {
        fixture.given(REGISTERED)
                .when(new DeleteWebhookEndpoint(WHE, OTHER_MER, AT.plusSeconds(60)))
                .expectException(NotFoundException.class);
    }

    @Test
    void aDeletedEndpointIsNotDeletedAgain() {
        fixture.given(REGISTERED, new WebhookEndpointDeleted(WHE, MER, AT.plusSeconds(60)))
                .when(new DeleteWebhookEndpoint(WHE, MER, AT.plusSeconds(120)))
                .expectException(NotFoundException.class);
    }

    @Test
    void aDeletedEndpointIsNotChanged() {
        fixture.given(REGISTERED, new WebhookEndpointDeleted(WHE, MER, AT.plusSeconds(60)))
                .when(new ChangeWebhookEndpoint(WHE, MER, null, "again", null, AT.plusSeconds(120)))
                .expectException(NotFoundException.class);
    }

    @Test
    void aDeletedEndpointGetsNoNewSecret() {
        fixture.given(REGISTERED, new WebhookEndpointDeleted(WHE, MER, AT.plusSeconds(60)))
                .when(new RotateWebhookSecret(WHE, MER, AT.plusSeconds(120)))
                .expectException(NotFoundException.class);
    }

    @Test
    void aDeletedEndpointIsNotEnabledAgain() {
        fixture.given(REGISTERED, new WebhookEndpointDeleted(WHE, MER, AT.plusSeconds(60)))
                .when(new EnableWebhookEndpoint(WHE, MER, false, AT.plusSeconds(120)))
                .expectException(NotFoundException.class);
    }

    @Test
    void aDeletedEndpointIsNotRecovered() {
        fixture.given(REGISTERED, new WebhookEndpointDeleted(WHE, MER, AT.plusSeconds(60)))
                .when(new RecoverWebhookEndpoint(WHE, MER, true, AT, 1, AT.plusSeconds(120)))
                .expectException(NotFoundException.class);
    }

    @Test
    void aGoneAnswerToADeletedEndpointRecordsNothing() {
        fixture.given(REGISTERED, new WebhookEndpointDeleted(WHE, MER, AT.plusSeconds(60)))
                .when(new DisableWebhookEndpoint(WHE, MER, true, true, AT.plusSeconds(120)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aGoneAnswerDisablesTheEndpointSayingSo() {
        fixture.given(REGISTERED)
                .when(new DisableWebhookEndpoint(WHE, MER, true, true, AT.plusSeconds(60)))
                .expectEvents(new WebhookEndpointDisabled(WHE, MER, "the endpoint answered 410 Gone", AT.plusSeconds(60)))
                .expectResultMessagePayload(true);
    }

    @Test
    void aGoneAnswerToADisabledEndpointRecordsNothing() {
        fixture.given(REGISTERED, new WebhookEndpointDisabled(WHE, MER, "disabled by the merchant", AT.plusSeconds(30)))
                .when(new DisableWebhookEndpoint(WHE, MER, false, true, AT.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aSecondGoneAnswerRecordsNothingEvenWhenTheRowStillReadsEnabled() {
        // two 410 outcomes recorded together: the second is decided before the row follows the first
        fixture.given(REGISTERED, new WebhookEndpointDisabled(WHE, MER, "the endpoint answered 410 Gone", AT.plusSeconds(30)))
                .when(new DisableWebhookEndpoint(WHE, MER, true, true, AT.plusSeconds(31)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aRegisteredEndpointIsEnabledByItsOwnHistoryNotByTheRow() {
        fixture.given(new WebhookEndpointRegistered(WHE, MER, URL, null, List.of(), false, AT))
                .when(new EnableWebhookEndpoint(WHE, MER, true, AT.plusSeconds(60)))
                .expectEvents(new WebhookEndpointEnabled(WHE, MER, AT.plusSeconds(60)));
    }

    @Test
    void anEndpointFromBeforeRegistrationsWereEventsIsEnabledAsItsRowSays() {
        // enabled in its history, then disabled by a 410 answer when that only changed the row
        fixture.given(new WebhookEndpointEnabled(WHE, MER, AT))
                .when(new EnableWebhookEndpoint(WHE, MER, false, AT.plusSeconds(60)))
                .expectEvents(new WebhookEndpointEnabled(WHE, MER, AT.plusSeconds(60)));
    }

    @Test
    void anEndpointFromBeforeItsChangesWereEventsIsRecordedAsItsRowStands() {
        fixture.givenNoPriorActivity()
                .when(new RecordExistingWebhookEndpoint(WHE, MER, URL, "orders", List.of("payout.paid"), false,
                        "the endpoint answered 410 Gone", AT, null))
                .expectEvents(new WebhookEndpointHistoryStarted(WHE, MER, URL, "orders", List.of("payout.paid"), false,
                        "the endpoint answered 410 Gone", AT, null))
                .expectResultMessagePayload(true);
    }

    @Test
    void anEnabledEndpointFromBeforeKeepsNoDisabledReason() {
        fixture.givenNoPriorActivity()
                .when(new RecordExistingWebhookEndpoint(WHE, MER, URL, null, List.of(), true, "stale", AT, null))
                .expectEvents(new WebhookEndpointHistoryStarted(WHE, MER, URL, null, List.of(), true, null, AT, null));
    }

    @Test
    void aDeletedEndpointFromBeforeIsRecordedDeletedAndIsThenUnknown() {
        WebhookEndpointHistoryStarted deleted = new WebhookEndpointHistoryStarted(WHE, MER, URL, null, List.of(), false,
                "deleted", AT, AT.plusSeconds(60));
        fixture.givenNoPriorActivity()
                .when(new RecordExistingWebhookEndpoint(WHE, MER, URL, null, List.of(), false, "deleted", AT, AT.plusSeconds(60)))
                .expectEvents(deleted);
        fixture.given(deleted)
                .when(new ChangeWebhookEndpoint(WHE, MER, null, "again", null, AT.plusSeconds(120)))
                .expectException(NotFoundException.class);
    }

    @Test
    void anEndpointWhoseHistorySaysWhatItIsIsNotRecordedAgain() {
        fixture.given(REGISTERED)
                .when(new RecordExistingWebhookEndpoint(WHE, MER, URL, null, List.of(), true, null, AT, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(new WebhookEndpointHistoryStarted(WHE, MER, URL, null, List.of(), true, null, AT, null))
                .when(new RecordExistingWebhookEndpoint(WHE, MER, URL, null, List.of(), true, null, AT, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void onceRecordedItsOwnHistoryDecidesWhetherItIsEnabled() {
        fixture.given(new WebhookEndpointHistoryStarted(WHE, MER, URL, null, List.of(), false, "the endpoint answered 410 Gone",
                        AT, null))
                .when(new EnableWebhookEndpoint(WHE, MER, true, AT.plusSeconds(60)))
                .expectEvents(new WebhookEndpointEnabled(WHE, MER, AT.plusSeconds(60)));
    }

    @Test
    void anotherMerchantsEndpointIsNotRecorded() {
        fixture.given(REGISTERED)
                .when(new RecordExistingWebhookEndpoint(WHE, OTHER_MER, URL, null, List.of(), true, null, AT, null))
                .expectException(NotFoundException.class);
    }

    private static void assertNoSecretField(Class<? extends Record> event) {
        org.assertj.core.api.Assertions.assertThat(Arrays.stream(event.getRecordComponents()).map(c -> c.getName().toLowerCase()))
                .noneMatch(name -> name.contains("secret") && !name.contains("expire"));
    }
}
