package org.affiliateledger.command.merchant;

import org.affiliateledger.command.apikey.ApiKeyCommandController.IssueRequest;
import org.affiliateledger.command.apikey.ApiKeyCommandController.IssuedKey;
import org.affiliateledger.command.apikey.ApiKeyIssuing;
import org.affiliateledger.command.apikey.ApiKeySecrets;
import org.affiliateledger.command.merchant.MerchantAdminController.CreateMerchantRequest;
import org.affiliateledger.command.merchant.MerchantAdminController.CreatedMerchant;
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.merchant.OnboardMerchant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The operator creates a merchant with its first full-access key (the command carries only the key's hash), in USD
 * unless another ISO-4217 code is given, and issues a key for a merchant that exists, as {@code operator}.
 */
class MerchantAdminControllerTest {
    private final CommandGateway commands = mock(CommandGateway.class);
    private final ApiKeyIssuing issuer = mock(ApiKeyIssuing.class);
    private final EventStore events = mock(EventStore.class);
    private final MerchantAdminController controller = new MerchantAdminController(commands, issuer, events);

    private static IssuedKey key(String id, String secret) {
        return new IssuedKey(id, "default", secret, secret.substring(0, 12), List.of("*"), new ApiKeyView.Limits(null, null), "t");
    }

    @Test
    void aMerchantIsOnboardedWithItsFirstKeyWhoseSecretNeverEntersTheCommand() {
        when(issuer.recorded(anyString(), anyString(), anyString()))
                .thenAnswer(call -> key(call.getArgument(1), call.getArgument(2)));
        CreatedMerchant created = controller.create(new CreateMerchantRequest(" Acme ", "eur"));
        ArgumentCaptor<OnboardMerchant> onboarded = ArgumentCaptor.forClass(OnboardMerchant.class);
        org.mockito.Mockito.verify(commands).sendAndWait(onboarded.capture());
        OnboardMerchant command = onboarded.getValue();
        assertThat(Ids.MERCHANT.matches(command.merchantId())).isTrue();
        assertThat(command.currency()).isEqualTo("EUR");
        assertThat(command.name()).isEqualTo(" Acme ");
        assertThat(command.keySecretHash()).isEqualTo(ApiKeySecrets.hash(created.apiKey().key()));
        assertThat(command.keyPrefix()).isEqualTo(created.apiKey().key().substring(0, 12));
        assertThat(created.id()).isEqualTo(command.merchantId());
        assertThat(created.name()).isEqualTo("Acme");
        assertThat(created.currency()).isEqualTo("EUR");
        assertThat(created.apiKey().id()).isEqualTo(command.keyId());
    }

    @Test
    void noCurrencyMeansUsd() {
        when(issuer.recorded(anyString(), anyString(), anyString()))
                .thenAnswer(call -> key(call.getArgument(1), call.getArgument(2)));
        assertThat(controller.create(new CreateMerchantRequest("Acme", null)).currency()).isEqualTo("USD");
    }

    @Test
    void aBlankCurrencyIsRefused() {
        assertThatThrownBy(() -> controller.create(new CreateMerchantRequest("Acme", " ")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ISO-4217");
        verifyNoInteractions(commands);
    }

    @Test
    void theOperatorIssuesAKeyForAMerchantThatExists() {
        String merchant = Ids.MERCHANT.next();
        IssueRequest request = new IssueRequest("BI", List.of("read"), null);
        when(events.lastSequenceNumberFor(merchant)).thenReturn(Optional.of(3L));
        IssuedKey issued = key("key_1", "alk_0123456789abcdef");
        when(issuer.issue(eq(merchant), eq(request), eq("operator"))).thenReturn(issued);
        ResponseEntity<IssuedKey> response = controller.issueKey(merchant, request);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/api-keys/key_1");
        assertThat(response.getBody()).isSameAs(issued);
    }

    @Test
    void aMerchantWithoutHistoryOrAMalformedIdIsNotFound() {
        String merchant = Ids.MERCHANT.next();
        when(events.lastSequenceNumberFor(merchant)).thenReturn(Optional.empty());
        IssueRequest request = new IssueRequest("BI", List.of("read"), null);
        assertThatThrownBy(() -> controller.issueKey(merchant, request)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> controller.issueKey("mer_nope", request)).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(issuer);
    }
}
