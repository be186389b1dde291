package org.affiliateledger.command.webhook;

import org.affiliateledger.command.RefusalCode;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.webhook.RecordWebhookAttempt;
import org.affiliateledger.events.webhook.RecoverWebhookDelivery;
import org.affiliateledger.events.webhook.ReplayWebhookDelivery;
import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.affiliateledger.events.webhook.WebhookAttemptSucceeded;
import org.affiliateledger.events.webhook.WebhookDeliveryRecovered;
import org.affiliateledger.events.webhook.WebhookReplayScheduled;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/** A person's replay of a message, and a recovery's restart of a delivery, are the delivery's decisions, in its history. */
class WebhookReplayTest {
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String MSG = "msg_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String WHE = "whe_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String ID = RecordWebhookAttempt.deliveryId(MSG, WHE);
    private static final Instant AT = Instant.parse("2026-01-31T10:00:00Z");
    private static final Instant DUE = AT.plusSeconds(3600);
    private static final Instant SINCE = Instant.parse("2026-01-30T00:00:00Z");

    private FixtureConfiguration<WebhookDelivery> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WebhookDelivery.class);
    }

    private static WebhookAttemptFailed failed() {
        return new WebhookAttemptFailed(ID, MER, MSG, WHE, 1, AT, 500, 40, null, null, false, false, false, AT);
    }

    @Test
    void aReplayToAnEnabledEndpointIsScheduledAtOnce() {
        fixture.given(failed())
                .when(new ReplayWebhookDelivery(ID, MER, MSG, WHE, true, DUE))
                .expectEvents(new WebhookReplayScheduled(ID, MER, MSG, WHE, DUE));
    }

    @Test
    void aDeliveredMessageCanBeReplayed() {
        fixture.given(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 1, AT, 200, 40, false, false, AT))
                .when(new ReplayWebhookDelivery(ID, MER, MSG, WHE, true, DUE))
                .expectEvents(new WebhookReplayScheduled(ID, MER, MSG, WHE, DUE));
    }

    @Test
    void aReplayToAnEndpointTheMessageWasNeverSentToStartsTheDeliverysHistory() {
        fixture.givenNoPriorActivity()
                .when(new ReplayWebhookDelivery(ID, MER, MSG, WHE, true, DUE))
                .expectEvents(new WebhookReplayScheduled(ID, MER, MSG, WHE, DUE));
    }

    @Test
    void twoReplaysInARowAreTwoReplays() {
        fixture.given(failed(), new WebhookReplayScheduled(ID, MER, MSG, WHE, DUE))
                .when(new ReplayWebhookDelivery(ID, MER, MSG, WHE, true, DUE.plusSeconds(1)))
                .expectEvents(new WebhookReplayScheduled(ID, MER, MSG, WHE, DUE.plusSeconds(1)));
    }

    @Test
    void aReplayToADisabledEndpointIsRefused() {
        fixture.given(failed())
                .when(new ReplayWebhookDelivery(ID, MER, MSG, WHE, false, DUE))
                .expectException(StateConflictException.class)
                .expectException(RefusalCode.is("webhook_endpoint_disabled"))
                .expectExceptionMessage("webhook endpoint " + WHE + " is disabled; enable it (PATCH enabled=true) first");
    }

    @Test
    void anotherMerchantsMessageIsNotFoundForAReplay() {
        fixture.given(failed())
                .when(new ReplayWebhookDelivery(ID, OTHER_MER, MSG, WHE, true, DUE))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("webhook message " + MSG + " not found");
    }

    @Test
    void aRecoveredDeliveryIsRecordedWithTheTimeItWasRecoveredSince() {
        fixture.given(failed())
                .when(new RecoverWebhookDelivery(ID, MER, MSG, WHE, SINCE, DUE))
                .expectEvents(new WebhookDeliveryRecovered(ID, MER, MSG, WHE, SINCE, DUE));
    }

    @Test
    void aDeliveryParkedBeforeItsFirstAttemptCanBeRecovered() {
        fixture.givenNoPriorActivity()
                .when(new RecoverWebhookDelivery(ID, MER, MSG, WHE, SINCE, DUE))
                .expectEvents(new WebhookDeliveryRecovered(ID, MER, MSG, WHE, SINCE, DUE));
    }

    @Test
    void anotherMerchantsDeliveryIsNotFoundForARecovery() {
        fixture.given(failed())
                .when(new RecoverWebhookDelivery(ID, OTHER_MER, MSG, WHE, SINCE, DUE))
                .expectException(NotFoundException.class);
    }
}
