package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.webhook.DisableWebhookEndpoint;
import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** A 410 Gone attempt disables its endpoint through the endpoint's own command, sent as the delivery saga; nothing else does. */
class GoneEndpointsTest {
    private static final Instant ATTEMPTED = Instant.parse("2026-01-31T10:00:00Z");
    private static final Instant RECORDED = ATTEMPTED.plusMillis(40);

    private final WebhookEndpointRepository endpoints = mock(WebhookEndpointRepository.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final GoneEndpoints gone = new GoneEndpoints(endpoints, commands);

    @Test
    void aGoneAnswerSendsDisableSayingSoWithWhetherTheRowIsEnabledAsTheSaga() {
        WebhookEndpoint endpoint = new WebhookEndpoint("whe_1", "mer_1", "https://a.example/", null, List.of(), true, ATTEMPTED);
        when(endpoints.findById("whe_1")).thenReturn(Optional.of(endpoint));
        gone.on(failed(410, true));
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().getPayload()).isEqualTo(new DisableWebhookEndpoint("whe_1", "mer_1", true, true, RECORDED));
        assertThat(sent.getValue().getMetaData()).containsEntry(AuditMetadata.ACTOR, "saga:webhook-delivery");
    }

    @Test
    void anyOtherFailureDisablesNothing() {
        gone.on(failed(500, false));
        verifyNoInteractions(endpoints, commands);
    }

    @Test
    void anEndpointWithNoRowIsLeftAlone() {
        when(endpoints.findById("whe_1")).thenReturn(Optional.empty());
        gone.on(failed(410, true));
        verifyNoInteractions(commands);
    }

    @Test
    void aRefusalLeavesTheAttemptRecorded() {
        WebhookEndpoint endpoint = new WebhookEndpoint("whe_1", "mer_1", "https://a.example/", null, List.of(), true, ATTEMPTED);
        when(endpoints.findById("whe_1")).thenReturn(Optional.of(endpoint));
        when(commands.sendAndWait(any())).thenThrow(new NotFoundException("webhook endpoint", "whe_1"));
        gone.on(failed(410, true)); // does not throw: the attempt's transaction commits
        verify(commands).sendAndWait(any());
    }

    private static WebhookAttemptFailed failed(int status, boolean endpointGone) {
        return new WebhookAttemptFailed("msg_1:whe_1", "mer_1", "msg_1", "whe_1", 1, ATTEMPTED, status, 12, null, null,
                endpointGone, false, false, RECORDED);
    }
}
