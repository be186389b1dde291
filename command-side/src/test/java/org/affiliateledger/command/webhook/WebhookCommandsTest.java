package org.affiliateledger.command.webhook;

import org.affiliateledger.command.support.SecretsCipher;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.ChangeRequest;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.CreateRequest;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Created;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Recovered;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Rotated;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.TestSent;
import org.affiliateledger.command.webhook.WebhookReplayController.Replayed;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.webhook.ChangeWebhookEndpoint;
import org.affiliateledger.events.webhook.DeleteWebhookEndpoint;
import org.affiliateledger.events.webhook.DisableWebhookEndpoint;
import org.affiliateledger.events.webhook.EnableWebhookEndpoint;
import org.affiliateledger.events.webhook.RegisterWebhookEndpoint;
import org.affiliateledger.events.webhook.RotateWebhookSecret;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
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
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The webhook writes as the API and the dashboard make them: each is a command with who asked, after the target check
 * and the 404 every write starts with; the secret is issued beside the command, never in it.
 */
class WebhookCommandsTest {
    private static final Instant NOW = Instant.parse("2026-01-31T10:00:00.123Z");
    private static final String WHE = Ids.WEBHOOK_ENDPOINT.next();
    private final ApiCaller caller = new ApiCaller("key_1", "mer_1", Set.of("admin"));
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final WebhookEndpointRepository endpoints = mock(WebhookEndpointRepository.class);
    private final CommandGateway gateway = mock(CommandGateway.class);
    private final WebhookReplays replays = mock(WebhookReplays.class);
    @SuppressWarnings("unchecked")
    private final ObjectProvider<WebhookDispatcher> dispatcher = mock(ObjectProvider.class);
    private final List<String> sql = new ArrayList<>();
    private final List<JdbcClient.StatementSpec> statements = new ArrayList<>();
    private final WebhookCommands commands;

    WebhookCommandsTest() {
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            String text = call.getArgument(0);
            if (text.startsWith("SELECT COALESCE(MAX(seq)")) {
                @SuppressWarnings("unchecked")
                JdbcClient.MappedQuerySpec<Integer> seq = mock(JdbcClient.MappedQuerySpec.class);
                when(seq.single()).thenReturn(1);
                when(statement.query(Integer.class)).thenReturn(seq);
            }
            sql.add(text);
            statements.add(statement);
            return statement;
        });
        commands = new WebhookCommands(jdbc, endpoints, mock(PlatformTransactionManager.class), new TargetGuard(false),
                new WebhookSecrets(jdbc, new SecretsCipher(new byte[32])), Clock.fixed(NOW, ZoneOffset.UTC), dispatcher, gateway,
                replays);
    }

    private void endpoint(boolean enabled) {
        when(endpoints.findByIdAndMerchantIdAndDeletedAtIsNull(WHE, "mer_1")).thenReturn(Optional.of(
                new WebhookEndpoint(WHE, "mer_1", "https://93.184.215.14/hooks", null, List.of(), enabled, NOW)));
    }

    @Test
    void registeringIsACommandAndTheSecretIsIssuedBesideIt() {
        ArgumentCaptor<RegisterWebhookEndpoint> registered = ArgumentCaptor.forClass(RegisterWebhookEndpoint.class);
        Created created = commands.create(caller, new CreateRequest(" https://93.184.215.14/hooks ",
                List.of("payout.paid", "payout.paid"), "payouts", null));
        verify(gateway).sendAndWait(registered.capture());
        RegisterWebhookEndpoint command = registered.getValue();
        assertThat(Ids.WEBHOOK_ENDPOINT.matches(command.endpointId())).isTrue();
        assertThat(command.merchantId()).isEqualTo("mer_1");
        assertThat(command.url()).isEqualTo("https://93.184.215.14/hooks");
        assertThat(command.enabled()).as("enabled unless asked otherwise").isTrue();
        assertThat(created.id()).isEqualTo(command.endpointId());
        assertThat(created.eventTypes()).containsExactly("payout.paid");
        assertThat(created.description()).isEqualTo("payouts");
        assertThat(created.enabled()).isTrue();
        assertThat(created.secret()).startsWith("whsec_");
        assertThat(created.createdAt()).isEqualTo(Timestamps.format(command.at()));
        assertThat(sql).anyMatch(s -> s.contains("INSERT INTO webhook_endpoint_secrets"));
    }

    @Test
    void anEndpointMayBeRegisteredDisabled() {
        Created created = commands.create(caller, new CreateRequest("https://93.184.215.14/hooks", null, null, false));
        assertThat(created.enabled()).isFalse();
        assertThat(created.eventTypes()).isEmpty();
        ArgumentCaptor<RegisterWebhookEndpoint> registered = ArgumentCaptor.forClass(RegisterWebhookEndpoint.class);
        verify(gateway).sendAndWait(registered.capture());
        assertThat(registered.getValue().enabled()).isFalse();
    }

    @Test
    void aPrivateTargetOrAnUnknownTypeIsRefusedBeforeAnyCommand() {
        assertThatThrownBy(() -> commands.create(caller, new CreateRequest("http://127.0.0.1/", null, null, null)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> commands.create(caller, new CreateRequest("https://93.184.215.14/", List.of("nope"), null, null)))
                .isInstanceOf(InvalidRequestException.class);
        verifyNoInteractions(gateway);
    }

    @Test
    void aChangeIsACommandWithTheCheckedUrl() {
        endpoint(true);
        commands.change(caller, WHE, new ChangeRequest("https://93.184.215.14/new", null, "d", null));
        ArgumentCaptor<ChangeWebhookEndpoint> changed = ArgumentCaptor.forClass(ChangeWebhookEndpoint.class);
        verify(gateway).sendAndWait(changed.capture());
        assertThat(changed.getValue()).extracting(ChangeWebhookEndpoint::endpointId, ChangeWebhookEndpoint::merchantId,
                        ChangeWebhookEndpoint::url, ChangeWebhookEndpoint::description)
                .containsExactly(WHE, "mer_1", "https://93.184.215.14/new", "d");
    }

    @Test
    void aChangeWithoutUrlKeepsItUnchecked() {
        endpoint(true);
        commands.change(caller, WHE, new ChangeRequest(null, null, null, null));
        ArgumentCaptor<ChangeWebhookEndpoint> changed = ArgumentCaptor.forClass(ChangeWebhookEndpoint.class);
        verify(gateway).sendAndWait(changed.capture());
        assertThat(changed.getValue().url()).isNull();
    }

    @Test
    void enabledFalseDisablesSayingWhetherItWasEnabled() {
        endpoint(true);
        commands.change(caller, WHE, new ChangeRequest(null, null, null, false));
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(gateway, org.mockito.Mockito.times(2)).sendAndWait(sent.capture());
        assertThat(sent.getAllValues().get(1)).isInstanceOfSatisfying(DisableWebhookEndpoint.class, disable -> {
            assertThat(disable.enabledNow()).isTrue();
            assertThat(disable.gone()).isFalse();
            assertThat(disable.merchantId()).isEqualTo("mer_1");
        });
    }

    @Test
    void enabledTrueEnablesSayingWhetherItWasEnabled() {
        endpoint(false);
        commands.change(caller, WHE, new ChangeRequest(null, null, null, true));
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(gateway, org.mockito.Mockito.times(2)).sendAndWait(sent.capture());
        assertThat(sent.getAllValues().get(1)).isInstanceOfSatisfying(EnableWebhookEndpoint.class, enable -> {
            assertThat(enable.enabledNow()).isFalse();
            assertThat(enable.endpointId()).isEqualTo(WHE);
        });
    }

    @Test
    void anotherMerchantsEndpointIsNotFoundForEveryWrite() {
        assertThatThrownBy(() -> commands.change(caller, WHE, new ChangeRequest(null, null, null, null)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> commands.delete(caller, WHE)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> commands.rotate(caller, WHE)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> commands.test(caller, WHE)).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(gateway);
    }

    @Test
    void deletingIsACommand() {
        endpoint(true);
        commands.delete(caller, WHE);
        ArgumentCaptor<DeleteWebhookEndpoint> deleted = ArgumentCaptor.forClass(DeleteWebhookEndpoint.class);
        verify(gateway).sendAndWait(deleted.capture());
        assertThat(deleted.getValue().endpointId()).isEqualTo(WHE);
        assertThat(deleted.getValue().merchantId()).isEqualTo("mer_1");
    }

    @Test
    void aRotationIsRecordedAndTheOldSecretSignsForADayMore() {
        endpoint(true);
        Rotated rotated = commands.rotate(caller, WHE);
        verify(gateway).sendAndWait(new RotateWebhookSecret(WHE, "mer_1", NOW));
        assertThat(rotated.id()).isEqualTo(WHE);
        assertThat(rotated.secret()).startsWith("whsec_");
        assertThat(rotated.previousSecretExpiresAt()).isEqualTo("2026-02-01T10:00:00.123Z");
    }

    @Test
    void recoveriesAndReplaysAreTheCallersMerchants() {
        when(replays.recover("mer_1", WHE, NOW)).thenReturn(new Recovered(3));
        when(replays.replay("mer_1", "msg_1", null)).thenReturn(new Replayed("msg_1", List.of(WHE)));
        assertThat(commands.recover(caller, WHE, NOW)).isEqualTo(new Recovered(3));
        assertThat(commands.replay(caller, "msg_1", null)).isEqualTo(new Replayed("msg_1", List.of(WHE)));
    }

    @Test
    void aTestMessageGoesToThisEndpointAloneDueAtOnceAndWakesTheDispatcherAfterCommit() {
        endpoint(true);
        TransactionSynchronizationManager.initSynchronization();
        try {
            TestSent sent = commands.test(caller, WHE);
            assertThat(sent.endpointId()).isEqualTo(WHE);
            assertThat(sent.type()).isEqualTo("webhook.test");
            assertThat(sent.id()).matches("msg_[0-9a-z]{26}");
            Timestamp at = Timestamp.from(NOW);
            verify(statements.get(0)).params(eq(sent.id()), eq("mer_1"), eq("test:" + sent.id()), eq("webhook.test"),
                    eq("{\"type\":\"webhook.test\",\"timestamp\":\"2026-01-31T10:00:00.123Z\",\"data\":{\"endpointId\":\""
                            + WHE + "\",\"test\":true}}"), eq(at));
            verify(statements.get(1)).params(eq(sent.id()), eq(WHE), eq("mer_1"), eq(at), eq(at), any(Timestamp.class));
            verify(dispatcher, never()).ifAvailable(any());
            TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
            verify(dispatcher).ifAvailable(any());
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void outsideATransactionATestMessageWakesTheDispatcherAtOnce() {
        endpoint(true);
        commands.test(caller, WHE);
        verify(dispatcher).ifAvailable(any());
    }

    @Test
    void aDisabledEndpointIsSentNoTestMessage() {
        endpoint(false);
        assertThatThrownBy(() -> commands.test(caller, WHE)).isInstanceOf(StateConflictException.class);
        assertThat(sql).isEmpty();
    }

    @Test
    void requireEndpointAnswersWhetherItIsEnabled() {
        endpoint(false);
        assertThat(commands.requireEndpoint("mer_1", WHE)).isFalse();
        endpoint(true);
        assertThat(commands.requireEndpoint("mer_1", WHE)).isTrue();
    }
}
