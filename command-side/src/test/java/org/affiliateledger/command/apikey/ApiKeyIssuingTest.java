package org.affiliateledger.command.apikey;

import org.affiliateledger.command.apikey.ApiKeyCommandController.IssueRequest;
import org.affiliateledger.command.apikey.ApiKeyCommandController.IssuedKey;
import org.affiliateledger.command.apikey.ApiKeyCommandController.Limits;
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.apikey.FindApiKey;
import org.affiliateledger.events.apikey.IssueApiKey;
import org.affiliateledger.events.apikey.RateLimits;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Issuing a key: the command carries the hash and display prefix, never the secret; the answer is the key as read. */
class ApiKeyIssuingTest {
    private final CommandGateway commands = mock(CommandGateway.class);
    private final QueryGateway queries = mock(QueryGateway.class);
    private final ApiKeyIssuing issuing = new ApiKeyIssuing(commands, queries);

    @SuppressWarnings("unchecked")
    private void reads(ApiKeyView view) {
        when(queries.query(any(FindApiKey.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(view));
    }

    @Test
    void theCommandCarriesTheHashNeverTheSecretAndTheScopesOnceEach() {
        ArgumentCaptor<IssueApiKey> issued = ArgumentCaptor.forClass(IssueApiKey.class);
        when(commands.sendAndWait(issued.capture())).thenReturn(null);
        reads(new ApiKeyView("key_x", "BI export", "alk_12345678", List.of("read", "write"), new ApiKeyView.Limits(60, 10),
                "2026-01-31T10:00:00.000Z", null, null));
        IssuedKey key = issuing.issue("mer_1", new IssueRequest("  BI export ", List.of("read", "write", "read"),
                new Limits(60, 10)), "key_admin");
        IssueApiKey command = issued.getValue();
        assertThat(Ids.API_KEY.matches(command.keyId())).isTrue();
        assertThat(command.merchantId()).isEqualTo("mer_1");
        assertThat(command.name()).isEqualTo("BI export");
        assertThat(command.scopes()).containsExactly("read", "write");
        assertThat(command.rateLimits()).isEqualTo(new RateLimits(60, 10));
        assertThat(command.issuedBy()).isEqualTo("key_admin");
        assertThat(command.secretHash()).isEqualTo(ApiKeySecrets.hash(key.key())).doesNotContain(key.key());
        assertThat(command.prefix()).isEqualTo(key.key().substring(0, 12));
        assertThat(ApiKeySecrets.wellFormed(key.key())).isTrue();
        assertThat(key).isEqualTo(new IssuedKey("key_x", "BI export", key.key(), "alk_12345678", List.of("read", "write"),
                new ApiKeyView.Limits(60, 10), "2026-01-31T10:00:00.000Z"));
        verify(queries).query(eq(new FindApiKey("mer_1", command.keyId())), any(ResponseType.class));
    }

    @Test
    void noRateLimitsGivenMeansTheServersDefaults() {
        ArgumentCaptor<IssueApiKey> issued = ArgumentCaptor.forClass(IssueApiKey.class);
        when(commands.sendAndWait(issued.capture())).thenReturn(null);
        reads(new ApiKeyView("key_x", "n", "alk_12345678", List.of("read"), new ApiKeyView.Limits(null, null), "t", null, null));
        issuing.issue("mer_1", new IssueRequest("n", List.of("read"), null), ApiKeyIssuing.OPERATOR);
        assertThat(issued.getValue().rateLimits()).isEqualTo(new RateLimits(null, null));
        assertThat(issued.getValue().issuedBy()).isEqualTo("operator");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anotherMerchantsKeyIsNotFoundAsTheReadsSay() {
        when(queries.query(any(FindApiKey.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.failedFuture(new NotFoundException("API key", "key_x")));
        assertThatThrownBy(() -> issuing.find("mer_2", "key_x")).isInstanceOf(NotFoundException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReadFailingWithACheckedExceptionIsPassedOnAsIs() {
        when(queries.query(any(FindApiKey.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.failedFuture(new java.io.IOException("down")));
        assertThatThrownBy(() -> issuing.find("mer_1", "key_x")).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(java.io.IOException.class);
    }
}
