package org.affiliateledger.command.webhook;

import org.affiliateledger.events.webhook.RecordFirstWebhookAttempt;
import org.affiliateledger.events.webhook.RecordWebhookAttempt;
import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.affiliateledger.events.webhook.WebhookAttemptSucceeded;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/** Every attempt becomes an event of the delivery; the aggregate decides what the outcome was (2xx, 410, anything else). */
class WebhookDeliveryTest {
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MSG = "msg_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String WHE = "whe_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String ID = RecordWebhookAttempt.deliveryId(MSG, WHE);
    private static final Instant AT = Instant.parse("2026-01-31T10:00:00Z");
    private static final Instant RECORDED = AT.plusMillis(40);

    private FixtureConfiguration<WebhookDelivery> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WebhookDelivery.class);
    }

    private static RecordWebhookAttempt attempt(int number, Integer status, String error, Long retryAfter, boolean replay) {
        return new RecordWebhookAttempt(ID, MER, MSG, WHE, number, AT, status, 40, error, retryAfter, replay, false, RECORDED);
    }

    private static WebhookAttemptFailed failed(int number, Integer status, String error, Long retryAfter, boolean gone) {
        return new WebhookAttemptFailed(ID, MER, MSG, WHE, number, AT, status, 40, error, retryAfter, gone, false, false, RECORDED);
    }

    @Test
    void theDeliveryIdNamesTheMessageAndTheEndpoint() {
        org.assertj.core.api.Assertions.assertThat(ID).isEqualTo(MSG + ":" + WHE);
    }

    @Test
    void aTwoHundredAnswerOnTheFirstAttemptIsASucceededAttempt() {
        fixture.givenNoPriorActivity()
                .when(attempt(1, 200, null, null, false))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 1, AT, 200, 40, false, false, RECORDED));
    }

    @Test
    void aFirstAttemptOfADeliveryWithNoHistoryStartsItsHistoryWithTheSameDecision() {
        fixture.givenNoPriorActivity()
                .when(RecordFirstWebhookAttempt.of(attempt(1, 200, null, null, false)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 1, AT, 200, 40, false, false, RECORDED))
                .expectResultMessagePayload(1);
        fixture.givenNoPriorActivity()
                .when(RecordFirstWebhookAttempt.of(attempt(1, 503, null, 120L, false)))
                .expectEvents(failed(1, 503, null, 120L, false));
    }

    @Test
    void anyTwoHundredAndSomethingDelivers() {
        fixture.given(failed(1, 500, null, null, false))
                .when(attempt(2, 299, null, null, false))
                .expectEvents(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 2, AT, 299, 40, false, false, RECORDED));
    }

    @Test
    void aServerErrorIsAFailedAttemptThatKeepsItsRetryAfter() {
        fixture.givenNoPriorActivity()
                .when(attempt(1, 503, null, 120L, false))
                .expectEvents(failed(1, 503, null, 120L, false));
    }

    @Test
    void noAnswerIsAFailedAttemptWithItsReason() {
        fixture.givenNoPriorActivity()
                .when(attempt(1, null, "ConnectException: Connection refused", null, false))
                .expectEvents(failed(1, null, "ConnectException: Connection refused", null, false));
    }

    @Test
    void aRedirectIsNotADelivery() {
        fixture.givenNoPriorActivity()
                .when(attempt(1, 301, null, null, false))
                .expectEvents(failed(1, 301, null, null, false));
    }

    @Test
    void fourHundredTenMeansTheEndpointIsGone() {
        fixture.given(failed(1, 500, null, null, false))
                .when(attempt(2, 410, null, null, false))
                .expectEvents(failed(2, 410, null, null, true));
    }

    @Test
    void aReplayedAttemptSaysItIsAReplay() {
        fixture.given(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 1, AT, 200, 40, false, false, RECORDED))
                .when(attempt(2, 204, null, null, true))
                .expectEvents(new WebhookAttemptSucceeded(ID, MER, MSG, WHE, 2, AT, 204, 40, true, false, RECORDED));
    }
}
