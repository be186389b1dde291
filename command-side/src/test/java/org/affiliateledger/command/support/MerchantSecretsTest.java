package org.affiliateledger.command.support;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A merchant's Stripe secrets: sealed at rest, removed by a null, re-sealed on key rotation, opened only when used. */
class MerchantSecretsTest {
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final SecretsCipher cipher = mock(SecretsCipher.class);
    private final MerchantSecrets secrets = new MerchantSecrets(jdbc, cipher);

    {
        when(jdbc.sql(anyString())).thenReturn(statement);
    }

    @Test
    void sealsForTheMerchantAndTheSecretsName() {
        when(cipher.seal("whsec_1", "mer_1", MerchantSecrets.STRIPE_WEBHOOK_SECRET)).thenReturn("sealed");
        assertThat(secrets.seal("mer_1", MerchantSecrets.STRIPE_WEBHOOK_SECRET, "whsec_1")).isEqualTo("sealed");
    }

    @Test
    void storesASealedSecret() {
        secrets.store("mer_1", "stripe_api_key", "sealed");
        verify(jdbc).sql(contains("INSERT INTO merchant_secret"));
        verify(statement).params(eq("mer_1"), eq("stripe_api_key"), eq("sealed"), any());
        verify(statement).update();
    }

    @Test
    void aNullSecretIsRemoved() {
        secrets.store("mer_1", "stripe_api_key", null);
        verify(jdbc).sql("DELETE FROM merchant_secret WHERE merchant_id = ? AND name = ?");
        verify(statement).params("mer_1", "stripe_api_key");
        verify(statement).update();
        verify(jdbc, never()).sql(contains("INSERT"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void opensAStoredSecretOnlyWhenAskedFor() {
        JdbcClient.MappedQuerySpec<String> result = mock(JdbcClient.MappedQuerySpec.class);
        when(statement.query(String.class)).thenReturn(result);
        when(result.optional()).thenReturn(Optional.of("sealed"));
        when(cipher.open("sealed", "mer_1", "stripe_api_key")).thenReturn("sk_test_1");
        assertThat(secrets.reveal("mer_1", "stripe_api_key")).contains("sk_test_1");
        verify(statement).params("mer_1", "stripe_api_key");
    }

    @Test
    void resealsWhatIsNotSealedWithTheSealingKeyAndCountsEachOutcome() {
        JdbcClient.ResultQuerySpec rows = mock(JdbcClient.ResultQuerySpec.class);
        when(statement.query()).thenReturn(rows);
        when(rows.listOfRows()).thenReturn(List.of(
                Map.of("merchant_id", "mer_1", "name", "a", "sealed", "current"),
                Map.of("merchant_id", "mer_1", "name", "b", "sealed", "old"),
                Map.of("merchant_id", "mer_2", "name", "a", "sealed", "broken"),
                Map.of("merchant_id", "mer_3", "name", "a", "sealed", "raced"),
                Map.of("merchant_id", "mer_4", "name", "a", "sealed", "old4")));
        when(cipher.open("old4", "mer_4", "a")).thenReturn("plain4");
        when(cipher.seal("plain4", "mer_4", "a")).thenReturn("fresh4");
        when(cipher.isCurrent("current")).thenReturn(true);
        when(cipher.open("old", "mer_1", "b")).thenReturn("plain");
        when(cipher.open("raced", "mer_3", "a")).thenReturn("plain3");
        when(cipher.open("broken", "mer_2", "a")).thenThrow(new IllegalStateException("no key"));
        when(cipher.seal("plain", "mer_1", "b")).thenReturn("fresh");
        when(cipher.seal("plain3", "mer_3", "a")).thenReturn("fresh3");
        when(statement.update()).thenAnswer(call -> 1);
        JdbcClient.StatementSpec raced = mock(JdbcClient.StatementSpec.class);
        when(statement.params("fresh3", "mer_3", "a", "raced")).thenReturn(raced);
        when(raced.update()).thenReturn(0);

        assertThat(secrets.resealAll()).isEqualTo(new ResealCount(2, 2, List.of("mer_2/a")));
        verify(statement).params("fresh", "mer_1", "b", "old");
    }
}
