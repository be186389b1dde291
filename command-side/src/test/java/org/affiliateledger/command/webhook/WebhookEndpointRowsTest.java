package org.affiliateledger.command.webhook;

import org.affiliateledger.events.webhook.WebhookEndpointDisabled;
import org.affiliateledger.events.webhook.WebhookEndpointEnabled;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The endpoint's row follows its events: registered inserts it, changed sets what changed, disabling an enabled one
 * and deleting park its pending deliveries, enabling clears why it was disabled.
 */
class WebhookEndpointRowsTest {
    private static final Instant AT = Instant.parse("2026-01-31T10:00:00Z");
    private final WebhookEndpointRepository endpoints = mock(WebhookEndpointRepository.class);
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final WebhookEndpointRows rows = new WebhookEndpointRows(endpoints, jdbc);
    private final WebhookEndpoint endpoint = new WebhookEndpoint("whe_1", "mer_1", "https://a.example/", null, List.of(), true, AT);

    {
        when(jdbc.sql(anyString())).thenReturn(statement);
        when(endpoints.findById("whe_1")).thenReturn(Optional.of(endpoint));
    }

    @Test
    void disablingAnEnabledEndpointParksItsPendingDeliveries() {
        rows.on(new WebhookEndpointDisabled("whe_1", "mer_1", "disabled by the merchant", AT));
        assertThat(endpoint.enabled()).isFalse();
        verify(jdbc).sql(contains("SET status = 'parked'"));
        verify(statement).update();
    }

    @Test
    void disablingADisabledEndpointParksNothingMore() {
        endpoint.disable("the endpoint answered 410 Gone", AT);
        rows.on(new WebhookEndpointDisabled("whe_1", "mer_1", "disabled by the merchant", AT));
        verifyNoInteractions(jdbc);
    }

    @Test
    void anEndpointWithoutRowIsLeftAlone() {
        rows.on(new WebhookEndpointDisabled("whe_2", "mer_1", "disabled by the merchant", AT));
        rows.on(new WebhookEndpointEnabled("whe_2", "mer_1", AT));
        verifyNoInteractions(jdbc);
    }

    @Test
    void enablingClearsWhyItWasDisabled() {
        endpoint.disable("the endpoint answered 410 Gone", AT);
        rows.on(new WebhookEndpointEnabled("whe_1", "mer_1", AT));
        assertThat(endpoint.enabled()).isTrue();
        assertThat(endpoint).extracting("disabledReason").isNull();
    }

    @Test
    void parkingAnswersHowManyDeliveriesItParked() {
        when(statement.update()).thenReturn(3);
        assertThat(WebhookEndpoints.parkPending(jdbc, "whe_1")).isEqualTo(3);
        verify(statement).params(org.mockito.ArgumentMatchers.any(java.sql.Timestamp.class), org.mockito.ArgumentMatchers.eq("whe_1"));
    }

    @Test
    void aRegisteredEndpointIsInsertedAsRegistered() {
        org.mockito.ArgumentCaptor<WebhookEndpoint> saved = org.mockito.ArgumentCaptor.forClass(WebhookEndpoint.class);
        rows.on(new org.affiliateledger.events.webhook.WebhookEndpointRegistered("whe_9", "mer_1", "https://b.example/", "d",
                List.of("payout.paid"), false, AT));
        verify(endpoints).saveAndFlush(saved.capture());
        assertThat(saved.getValue()).extracting("id", "merchantId", "url", "description", "enabled", "createdAt")
                .containsExactly("whe_9", "mer_1", "https://b.example/", "d", false, AT);
        assertThat(saved.getValue()).extracting("eventTypes").isEqualTo(new String[]{"payout.paid"});
    }

    @Test
    void aChangeSetsWhatChanged() {
        rows.on(new org.affiliateledger.events.webhook.WebhookEndpointChanged("whe_1", "mer_1", "https://c.example/", null, null,
                AT.plusSeconds(5)));
        assertThat(endpoint).extracting("url", "description", "updatedAt").containsExactly("https://c.example/", null, AT.plusSeconds(5));
        verifyNoInteractions(jdbc);
    }

    @Test
    void aDeletedEndpointIsKeptDeletedAndItsPendingDeliveriesParked() {
        rows.on(new org.affiliateledger.events.webhook.WebhookEndpointDeleted("whe_1", "mer_1", AT.plusSeconds(5)));
        assertThat(endpoint.deleted()).isTrue();
        verify(jdbc).sql(contains("SET status = 'parked'"));
        verify(statement).update();
    }

    @Test
    void aChangeOrDeletionOfAnEndpointWithoutRowIsLeftAlone() {
        rows.on(new org.affiliateledger.events.webhook.WebhookEndpointChanged("whe_2", "mer_1", "https://c.example/", null, null, AT));
        rows.on(new org.affiliateledger.events.webhook.WebhookEndpointDeleted("whe_2", "mer_1", AT));
        verifyNoInteractions(jdbc);
        assertThat(endpoint).extracting("url").isEqualTo("https://a.example/");
    }
}
