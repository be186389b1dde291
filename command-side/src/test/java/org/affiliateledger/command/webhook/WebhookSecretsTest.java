package org.affiliateledger.command.webhook;

import org.affiliateledger.command.support.SecretsCipher;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Signing secrets: their shape, Standard Webhooks signatures, and a rotation that lets the old secret sign for 24 hours. */
class WebhookSecretsTest {
    private static final Instant NOW = Instant.parse("2026-01-31T10:00:00Z");
    private final SecretsCipher cipher = new SecretsCipher(new byte[32]);
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final List<String> sql = new ArrayList<>();
    private final List<JdbcClient.StatementSpec> statements = new ArrayList<>();

    {
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            sql.add(call.getArgument(0));
            statements.add(statement);
            return statement;
        });
    }

    private static String hmac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSecretIsWhsecAndThirtyTwoRandomBytes() {
        String secret = WebhookSecrets.generate();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSecrets.generate()).isNotEqualTo(secret);
    }

    @Test
    void eachSigningSecretSignsTheIdTimestampAndBodySpaceSeparated() throws Exception {
        String first = WebhookSecrets.generate();
        String second = WebhookSecrets.generate();
        String body = "{\"type\":\"webhook.test\"}";
        assertThat(WebhookSecrets.signature(List.of(first, second), "msg_1", 1_769_853_600L, body))
                .isEqualTo(hmac(first, "msg_1.1769853600." + body) + " " + hmac(second, "msg_1.1769853600." + body));
        assertThat(WebhookSecrets.signature(List.of(), "msg_1", 1L, body)).isEmpty();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aRotationAddsTheNextSecretSealedAndLetsTheEarlierOnesSignForADayMore() {
        JdbcClient.StatementSpec seq = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
        JdbcClient.MappedQuerySpec three = mock(JdbcClient.MappedQuerySpec.class);
        when(three.single()).thenReturn(3);
        when(seq.query(Integer.class)).thenReturn(three);
        doAnswer(call -> {
            String text = call.getArgument(0);
            JdbcClient.StatementSpec statement = text.startsWith("SELECT") ? seq : mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            sql.add(text);
            statements.add(statement);
            return statement;
        }).when(jdbc).sql(anyString());
        String secret = new WebhookSecrets(jdbc, cipher).issue("mer_1", "whe_1", NOW);
        assertThat(secret).startsWith("whsec_");
        verify(seq).param("whe_1");
        Timestamp dayLater = Timestamp.from(NOW.plusSeconds(24 * 3600));
        verify(statements.get(1)).params(dayLater, "whe_1", dayLater);
        verify(statements.get(1)).update();
        assertThat(sql.get(1)).contains("SET expires_at = ?").contains("expires_at IS NULL OR expires_at > ?");
        verify(statements.get(2)).params(eq("whe_1"), eq(3), eq("mer_1"), any(String.class), eq(Timestamp.from(NOW)));
        verify(statements.get(2)).update();
        assertThat(WebhookSecrets.ROTATION_OVERLAP).hasHours(24);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void theActiveSecretsAreOpenedForTheirEndpointAndNumber() throws Exception {
        String secret = WebhookSecrets.generate();
        String sealed = cipher.seal(secret, "mer_1", "webhook_secret/whe_1/2");
        JdbcClient.StatementSpec active = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
        doReturn(active).when(jdbc).sql(anyString());
        when(active.query(any(RowMapper.class))).thenAnswer(call -> {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getString("sealed")).thenReturn(sealed);
            when(rs.getInt("seq")).thenReturn(2);
            Object opened = ((RowMapper<?>) call.getArgument(0)).mapRow(rs, 0);
            JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
            when(result.list()).thenReturn(List.of(opened));
            return result;
        });
        assertThat(new WebhookSecrets(jdbc, cipher).active("mer_1", "whe_1", NOW)).containsExactly(secret);
        verify(active).params("whe_1", Timestamp.from(NOW));
    }

    @Test
    void secretsReadWithTheirDeliveryAreOpenedForTheirEndpointAndNumberNewestFirst() {
        String newer = WebhookSecrets.generate();
        String older = WebhookSecrets.generate();
        WebhookSecrets secrets = new WebhookSecrets(jdbc, cipher);
        assertThat(secrets.open("mer_1", "whe_1", new Integer[]{3, 2}, new String[]{
                cipher.seal(newer, "mer_1", "webhook_secret/whe_1/3"), cipher.seal(older, "mer_1", "webhook_secret/whe_1/2")}))
                .containsExactly(newer, older);
        assertThat(secrets.open("mer_1", "whe_1", new Integer[0], new String[0])).isEmpty();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void resealingRewritesOnlyTheSecretsNotSealedWithTheSealingKey() {
        byte[] oldKey = new byte[32];
        byte[] newKey = new byte[32];
        newKey[0] = 1;
        SecretsCipher before = new SecretsCipher(oldKey);
        SecretsCipher both = new SecretsCipher(List.of(newKey, oldKey));
        String secret = WebhookSecrets.generate();
        String stale = before.seal(secret, "mer_1", "webhook_secret/whe_1/1");
        String current = both.seal(secret, "mer_1", "webhook_secret/whe_1/2");
        JdbcClient.StatementSpec rows = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
        JdbcClient.ResultQuerySpec result = mock(JdbcClient.ResultQuerySpec.class);
        when(result.listOfRows()).thenReturn(List.of(
                java.util.Map.of("endpoint_id", "whe_1", "seq", 1, "merchant_id", "mer_1", "sealed", stale),
                java.util.Map.of("endpoint_id", "whe_1", "seq", 2L, "merchant_id", "mer_1", "sealed", current)));
        when(rows.query()).thenReturn(result);
        JdbcClient.StatementSpec update = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
        when(update.update()).thenReturn(1);
        doAnswer(call -> ((String) call.getArgument(0)).startsWith("SELECT") ? rows : update).when(jdbc).sql(anyString());

        org.affiliateledger.command.support.ResealCount count = new WebhookSecrets(jdbc, both).resealAll();

        assertThat(count.resealed()).isEqualTo(1);
        assertThat(count.alreadyCurrent()).isEqualTo(1);
        org.mockito.ArgumentCaptor<Object> fresh = org.mockito.ArgumentCaptor.forClass(Object.class);
        verify(update).params(fresh.capture(), eq("whe_1"), eq(1), eq(stale));
        assertThat(both.open((String) fresh.getValue(), "mer_1", "webhook_secret/whe_1/1")).isEqualTo(secret);
        assertThat(both.isCurrent((String) fresh.getValue())).isTrue();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aSecretResealedMeanwhileByAnotherNodeIsNotCountedTwice() {
        byte[] newKey = new byte[32];
        newKey[0] = 1;
        SecretsCipher both = new SecretsCipher(List.of(newKey, new byte[32]));
        String stale = new SecretsCipher(new byte[32]).seal("whsec_x", "mer_1", "webhook_secret/whe_1/1");
        JdbcClient.StatementSpec rows = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
        JdbcClient.ResultQuerySpec result = mock(JdbcClient.ResultQuerySpec.class);
        when(result.listOfRows()).thenReturn(List.of(
                java.util.Map.of("endpoint_id", "whe_1", "seq", 1, "merchant_id", "mer_1", "sealed", stale)));
        when(rows.query()).thenReturn(result);
        JdbcClient.StatementSpec update = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
        when(update.update()).thenReturn(0);
        doAnswer(call -> ((String) call.getArgument(0)).startsWith("SELECT") ? rows : update).when(jdbc).sql(anyString());
        assertThat(new WebhookSecrets(jdbc, both).resealAll().resealed()).isZero();
    }
}
