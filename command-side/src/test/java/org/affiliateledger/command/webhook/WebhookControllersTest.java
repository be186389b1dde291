package org.affiliateledger.command.webhook;

import org.affiliateledger.command.webhook.WebhookEndpointCommandController.ChangeRequest;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.CreateRequest;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Created;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.RecoverRequest;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Recovered;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Rotated;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.TestSent;
import org.affiliateledger.command.webhook.WebhookReplayController.ReplayRequest;
import org.affiliateledger.command.webhook.WebhookReplayController.Replayed;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.webhook.FindWebhookEndpoint;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The webhook endpoints' and messages' HTTP writes hand the caller and the request to the webhook commands. */
class WebhookControllersTest {
    private final ApiCaller caller = new ApiCaller("key_1", "mer_1", Set.of("admin"));
    private final WebhookCommands commands = mock(WebhookCommands.class);
    private final QueryGateway queries = mock(QueryGateway.class);
    private final WebhookEndpointCommandController endpoints = new WebhookEndpointCommandController(commands, queries);
    private final WebhookReplayController messages = new WebhookReplayController(commands);

    @Test
    void aRegisteredEndpointIsCreatedAtItsOwnUrl() {
        CreateRequest request = new CreateRequest("https://a.example/", null, null, null);
        Created created = new Created("whe_1", "https://a.example/", null, List.of(), true, "whsec_x", "t");
        when(commands.create(caller, request)).thenReturn(created);
        ResponseEntity<Created> response = endpoints.create(caller, request);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/webhook-endpoints/whe_1");
        assertThat(response.getBody()).isSameAs(created);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChangeAnswersTheEndpointAsTheReadsShowIt() {
        ChangeRequest request = new ChangeRequest(null, null, "d", null);
        Map<String, Object> read = Map.of("id", "whe_1");
        when(queries.query(eq(new FindWebhookEndpoint("mer_1", "whe_1")), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(read));
        assertThat(endpoints.change(caller, "whe_1", request)).isSameAs(read);
        verify(commands).change(caller, "whe_1", request);
    }

    @Test
    void deleteRotateAndTestAreTheCallersMerchants() {
        endpoints.delete(caller, "whe_1");
        verify(commands).delete(caller, "whe_1");
        Rotated rotated = new Rotated("whe_1", "whsec_x", "t");
        when(commands.rotate(caller, "whe_1")).thenReturn(rotated);
        assertThat(endpoints.rotate(caller, "whe_1")).isSameAs(rotated);
        TestSent sent = new TestSent("msg_1", "whe_1", "webhook.test");
        when(commands.test(caller, "whe_1")).thenReturn(sent);
        assertThat(endpoints.test(caller, "whe_1")).isSameAs(sent);
    }

    @Test
    void aRecoveryReadsItsSinceAsAnInstant() {
        when(commands.recover(caller, "whe_1", Instant.parse("2026-01-31T00:00:00Z"))).thenReturn(new Recovered(2));
        assertThat(endpoints.recover(caller, "whe_1", new RecoverRequest("2026-01-31T00:00:00Z"))).isEqualTo(new Recovered(2));
    }

    @Test
    void aRecoverySinceThatIsNoInstantIsRefused() {
        assertThatThrownBy(() -> endpoints.recover(caller, "whe_1", new RecoverRequest("yesterday")))
                .isInstanceOf(InvalidRequestException.class);
        verifyNoInteractions(commands);
    }

    @Test
    void aReplayWithoutBodyGoesToEveryEndpointAndWithOneToThatOne() {
        when(commands.replay(caller, "msg_1", null)).thenReturn(new Replayed("msg_1", List.of("whe_1", "whe_2")));
        when(commands.replay(caller, "msg_1", "whe_2")).thenReturn(new Replayed("msg_1", List.of("whe_2")));
        assertThat(messages.replay(caller, "msg_1", null).endpointIds()).containsExactly("whe_1", "whe_2");
        assertThat(messages.replay(caller, "msg_1", new ReplayRequest(null)).endpointIds()).containsExactly("whe_1", "whe_2");
        assertThat(messages.replay(caller, "msg_1", new ReplayRequest("whe_2")).endpointIds()).containsExactly("whe_2");
    }
}
