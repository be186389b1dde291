package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.NotFoundException;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of what an answer means (199 and 300 deliver nothing, only 410 is gone) and the merchant check after each
 * kind of event the delivery's history can start with.
 */
class WebhookDeliveryEdgesTest {
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9z9z";
    private static final String MSG = "msg_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String WHE = "whe_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String ID = RecordWebhookAttempt.deliveryId(MSG, WHE);
    private static final Instant AT = Instant.parse("2026-01-31T10:00:00Z");

    private FixtureConfiguration<WebhookDelivery> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WebhookDelivery.class);
    }

    private static RecordWebhookAttempt attempt(int number, Integer status) {
        return new RecordWebhookAttempt(ID, MER, MSG, WHE, number, AT, status, 40, null, null, false, false, AT);
    }

    private static WebhookAttemptFailed failed(int number, Integer status, boolean gone) {
        return new WebhookAttemptFailed(ID, MER, MSG, WHE, number, AT, status, 40, null, null, gone, false, false, AT);
    }

    @Test
    void aOneHundredNinetyNineAnswerIsAFailedAttempt() {
        fixture.givenNoPriorActivity().when(attempt(1, 199)).expectEvents(failed(1, 199, false));
    }

    @Test
    void aThreeHundredAnswerIsAFailedAttempt() {
        fixture.givenNoPriorActivity().when(attempt(1, 300)).expectEvents(failed(1, 300, false));
    }

    @Test
    void theAnswersJustBesideFourHundredTenDoNotMeanGone() {
        fixture.givenNoPriorActivity().when(attempt(1, 409)).expectEvents(failed(1, 409, false));
        fixture.givenNoPriorActivity().when(attempt(1, 411)).expectEvents(failed(1, 411, false));
    }

    @Test
    void recordingAnAttemptAnswersItsNumber() {
        fixture.given(failed(1, 500, false), failed(2, 500, false))
                .when(attempt(3, 200))
                .expectResultMessagePayload(3);
        fixture.givenNoPriorActivity().when(attempt(1, 503)).expectResultMessagePayload(1);
    }

    @Test
    void theStatusRulesAnswerForNoStatusAtAll() {
        assertThat(WebhookDelivery.delivered(null)).isFalse();
        assertThat(WebhookDelivery.endpointGone(null)).isFalse();
        assertThat(WebhookDelivery.delivered(200)).isTrue();
        assertThat(WebhookDelivery.delivered(299)).isTrue();
        assertThat(WebhookDelivery.delivered(300)).isFalse();
        assertThat(WebhookDelivery.delivered(199)).isFalse();
        assertThat(WebhookDelivery.endpointGone(410)).isTrue();
    }

    @Test
    void anotherMerchantIsNotFoundForAReplayOfADeliveredMessage() {
        fixture.given(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 1, AT, 200, 40, false, false, AT))
                .when(new ReplayWebhookDelivery(ID, OTHER_MER, MSG, WHE, true, AT))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void anotherMerchantIsNotFoundForAReplayOfAReplayedMessage() {
        fixture.given(new WebhookReplayScheduled(ID, MER, MSG, WHE, AT))
                .when(new ReplayWebhookDelivery(ID, OTHER_MER, MSG, WHE, true, AT))
                .expectException(NotFoundException.class);
    }

    @Test
    void anotherMerchantIsNotFoundForARecoveryOfARecoveredDelivery() {
        fixture.given(new WebhookDeliveryRecovered(ID, MER, MSG, WHE, AT, AT))
                .when(new RecoverWebhookDelivery(ID, OTHER_MER, MSG, WHE, AT, AT))
                .expectException(NotFoundException.class);
    }

    @Test
    void theSameMerchantMayReplayAfterARecovery() {
        fixture.given(new WebhookDeliveryRecovered(ID, MER, MSG, WHE, AT, AT))
                .when(new ReplayWebhookDelivery(ID, MER, MSG, WHE, true, AT.plusSeconds(1)))
                .expectEvents(new WebhookReplayScheduled(ID, MER, MSG, WHE, AT.plusSeconds(1)));
    }
}
