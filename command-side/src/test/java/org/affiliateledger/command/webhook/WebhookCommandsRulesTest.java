package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** What every webhook write checks first: the event types asked for, and that the endpoint is the caller's. */
class WebhookCommandsRulesTest {
    private final WebhookEndpointRepository endpoints = mock(WebhookEndpointRepository.class);

    @Test
    void noTypesMeansEveryType() {
        assertThat(WebhookEndpointLifecycle.eventTypes(null)).isEmpty();
    }

    @Test
    void theTypesAskedForAreKeptOnceInTheOrderGiven() {
        assertThat(WebhookEndpointLifecycle.eventTypes(Arrays.asList("payout.paid", "commission.created", "payout.paid")))
                .containsExactly("payout.paid", "commission.created");
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> WebhookEndpointLifecycle.eventTypes(List.of("payout.paid", "payout.lost")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("\"payout.lost\"").hasMessageContaining("commission.created");
    }

    @Test
    void aMalformedEndpointIdIsNotFoundWithoutALookup() {
        assertThatThrownBy(() -> WebhookCommands.endpoint(endpoints, "mer_1", "whe_nope"))
                .isInstanceOf(NotFoundException.class);
        verifyNoInteractions(endpoints);
    }

    @Test
    void anotherMerchantsOrADeletedEndpointIsNotFound() {
        String id = Ids.WEBHOOK_ENDPOINT.next();
        when(endpoints.findByIdAndMerchantIdAndDeletedAtIsNull(id, "mer_2")).thenReturn(Optional.empty());
        assertThatThrownBy(() -> WebhookCommands.endpoint(endpoints, "mer_2", id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theCallersEndpointIsFound() {
        String id = Ids.WEBHOOK_ENDPOINT.next();
        WebhookEndpoint endpoint = new WebhookEndpoint(id, "mer_1", "https://a.example/", null, List.of(), true, Instant.EPOCH);
        when(endpoints.findByIdAndMerchantIdAndDeletedAtIsNull(id, "mer_1")).thenReturn(Optional.of(endpoint));
        assertThat(WebhookCommands.endpoint(endpoints, "mer_1", id)).isSameAs(endpoint);
    }
}
