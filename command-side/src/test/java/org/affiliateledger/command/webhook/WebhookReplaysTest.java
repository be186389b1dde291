package org.affiliateledger.command.webhook;

import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Recovered;
import org.affiliateledger.command.webhook.WebhookReplayController.Replayed;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.webhook.RecoverWebhookDelivery;
import org.affiliateledger.events.webhook.RecoverWebhookEndpoint;
import org.affiliateledger.events.webhook.ReplayWebhookDelivery;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * Replays and recoveries become one command per delivery, by the merchant, due now: to one endpoint (which the
 * delivery refuses when it is disabled) or to every enabled endpoint the message went to; a recovery is first told to
 * the endpoint with how many deliveries it schedules again. Another merchant's message or endpoint is not found.
 */
class WebhookReplaysTest {
    private static final Instant NOW = Instant.parse("2026-01-31T10:00:00Z");
    private static final String MSG = Ids.MESSAGE.next();
    private static final String WHE = Ids.WEBHOOK_ENDPOINT.next();
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final WebhookEndpointRepository endpoints = mock(WebhookEndpointRepository.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    @SuppressWarnings("unchecked")
    private final ObjectProvider<WebhookDispatcher> dispatcher = mock(ObjectProvider.class);
    private final WebhookReplays replays = new WebhookReplays(jdbc, endpoints, commands, mock(PlatformTransactionManager.class),
            Clock.fixed(NOW, ZoneOffset.UTC), dispatcher);
    private final List<String> sql = new ArrayList<>();
    private final List<JdbcClient.StatementSpec> statements = new ArrayList<>();
    private Optional<String> message = Optional.of(MSG);
    private List<String> deliveries = List.of();

    @BeforeEach
    @SuppressWarnings({"unchecked", "rawtypes"})
    void setUp() {
        TransactionSynchronizationManager.initSynchronization();
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            JdbcClient.MappedQuerySpec ids = mock(JdbcClient.MappedQuerySpec.class);
            when(ids.optional()).thenReturn(message);
            when(ids.list()).thenReturn(deliveries);
            when(statement.query(String.class)).thenReturn(ids);
            sql.add(call.getArgument(0));
            statements.add(statement);
            return statement;
        });
    }

    @AfterEach
    void tearDown() {
        TransactionSynchronizationManager.clearSynchronization();
    }

    private void endpoint(String merchantId, boolean enabled) {
        WebhookEndpoint endpoint = new WebhookEndpoint(WHE, merchantId, "https://a.example/", null, List.of(), enabled, NOW);
        when(endpoints.findByIdAndMerchantIdAndDeletedAtIsNull(WHE, merchantId)).thenReturn(Optional.of(endpoint));
    }

    private void thenTheDispatcherIsWokenAfterCommit() {
        verify(dispatcher, never()).ifAvailable(any());
        TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        verify(dispatcher).ifAvailable(any());
    }

    @Test
    void aReplayToOneEndpointSaysWhetherItIsEnabledSoTheDeliveryCanRefuse() {
        endpoint("mer_1", false);
        Replayed replayed = replays.replay("mer_1", MSG, WHE);
        verify(commands).sendAndWait(new ReplayWebhookDelivery(MSG + ":" + WHE, "mer_1", MSG, WHE, false, NOW));
        assertThat(replayed).isEqualTo(new Replayed(MSG, List.of(WHE)));
        verify(statements.get(0)).params(MSG, "mer_1");
        assertThat(sql.get(0)).contains("FOR NO KEY UPDATE");
        assertThat(sql.get(1)).contains("endpoint_id = ? FOR UPDATE");
        verify(statements.get(1)).params(MSG, WHE);
        thenTheDispatcherIsWokenAfterCommit();
    }

    @Test
    void aReplayToEveryEndpointGoesToTheEnabledOnesTheMessageWentTo() {
        deliveries = List.of("whe_a", "whe_b");
        Replayed replayed = replays.replay("mer_1", MSG, null);
        InOrder order = inOrder(commands);
        order.verify(commands).sendAndWait(new ReplayWebhookDelivery(MSG + ":whe_a", "mer_1", MSG, "whe_a", true, NOW));
        order.verify(commands).sendAndWait(new ReplayWebhookDelivery(MSG + ":whe_b", "mer_1", MSG, "whe_b", true, NOW));
        assertThat(replayed).isEqualTo(new Replayed(MSG, List.of("whe_a", "whe_b")));
        assertThat(sql.get(1)).contains("e.enabled AND e.deleted_at IS NULL");
        verify(statements.get(1)).param(MSG);
        thenTheDispatcherIsWokenAfterCommit();
    }

    @Test
    void anotherMerchantsMessageIsNotFound() {
        message = Optional.empty();
        assertThatThrownBy(() -> replays.replay("mer_2", MSG, null)).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(commands);
    }

    @Test
    void aMalformedMessageIdIsNotFoundWithoutALookup() {
        assertThatThrownBy(() -> replays.replay("mer_1", "msg_nope", null)).isInstanceOf(NotFoundException.class);
        assertThat(sql).isEmpty();
        verifyNoInteractions(commands);
    }

    @Test
    void aReplayToAnotherMerchantsEndpointIsNotFound() {
        endpoint("mer_1", true);
        assertThatThrownBy(() -> replays.replay("mer_2", MSG, WHE)).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(commands);
    }

    @Test
    void aRecoveryIsToldToTheEndpointThenToEachFailedOrParkedDeliverySinceWhenAsked() {
        endpoint("mer_1", true);
        deliveries = List.of("msg_a", "msg_b");
        Instant since = NOW.minusSeconds(86_400);
        assertThat(replays.recover("mer_1", WHE, since)).isEqualTo(new Recovered(2));
        InOrder order = inOrder(commands);
        order.verify(commands).sendAndWait(new RecoverWebhookEndpoint(WHE, "mer_1", true, since, 2, NOW));
        order.verify(commands).sendAndWait(new RecoverWebhookDelivery("msg_a:" + WHE, "mer_1", "msg_a", WHE, since, NOW));
        order.verify(commands).sendAndWait(new RecoverWebhookDelivery("msg_b:" + WHE, "mer_1", "msg_b", WHE, since, NOW));
        assertThat(sql.get(0)).contains("status IN ('failed', 'parked') AND created_at >= ?");
        verify(statements.get(0)).params(WHE, Timestamp.from(since));
        thenTheDispatcherIsWokenAfterCommit();
    }

    @Test
    void aRecoveryOfADisabledEndpointIsToldItIsDisabled() {
        endpoint("mer_1", false);
        assertThat(replays.recover("mer_1", WHE, NOW)).isEqualTo(new Recovered(0));
        verify(commands).sendAndWait(new RecoverWebhookEndpoint(WHE, "mer_1", false, NOW, 0, NOW));
    }
}
