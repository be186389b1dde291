package org.affiliateledger.infra.webhooks;

import com.standardwebhooks.Webhook;
import org.affiliateledger.command.webhook.WebhookOutbox;
import org.affiliateledger.command.webhook.WebhookSecrets;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The Standard Webhooks spec's published test vector, signed by the ledger and checked by the independent verifier. */
class SigningTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330L;
    static final String PAYLOAD = "{\"test\": 2432232314}";
    static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsThePublishedTestVector() {
        assertThat(WebhookSecrets.signature(List.of(SECRET), ID, TIMESTAMP, PAYLOAD)).isEqualTo(EXPECTED);
    }

    @Test
    void theIndependentVerifierAgreesWithTheVector() {
        assertThat(WebhookReceiver.verifies(SECRET, ID, Long.toString(TIMESTAMP), PAYLOAD, EXPECTED)).isTrue();
        assertThat(WebhookReceiver.verifies(SECRET, ID, Long.toString(TIMESTAMP + 1), PAYLOAD, EXPECTED)).isFalse();
        assertThat(WebhookReceiver.verifies(SECRET, ID, Long.toString(TIMESTAMP), PAYLOAD + " ", EXPECTED)).isFalse();
    }

    @Test
    void duringARotationBothSecretsSignAndEitherVerifies() {
        String fresh = WebhookSecrets.generate();
        String header = WebhookSecrets.signature(List.of(fresh, SECRET), ID, TIMESTAMP, PAYLOAD);
        assertThat(header.split(" ")).hasSize(2).contains(EXPECTED);
        assertThat(WebhookReceiver.verifies(fresh, ID, Long.toString(TIMESTAMP), PAYLOAD, header)).isTrue();
        assertThat(WebhookReceiver.verifies(SECRET, ID, Long.toString(TIMESTAMP), PAYLOAD, header)).isTrue();
    }

    @Test
    void generatedSecretsAreWhsecWithThirtyTwoRandomBytesAndTheLibraryVerifiesThem() throws Exception {
        String secret = WebhookSecrets.generate();
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        long now = Instant.now().getEpochSecond();
        String header = WebhookSecrets.signature(List.of(secret), ID, now, PAYLOAD);
        assertThatCode(() -> new Webhook(secret).verify(PAYLOAD, Map.of("webhook-id", List.of(ID),
                "webhook-timestamp", List.of(Long.toString(now)), "webhook-signature", List.of(header)))).doesNotThrowAnyException();
    }

    @Test
    void messageIdsAreDerivedFromTheEventSoAReplayedEventKeepsItsId() {
        Instant at = Instant.parse("2026-01-31T10:00:00Z");
        String id = WebhookOutbox.messageId("6f1c2a4e-0000-4000-8000-000000000001", at);
        assertThat(id).isEqualTo(WebhookOutbox.messageId("6f1c2a4e-0000-4000-8000-000000000001", at)).startsWith("msg_");
        assertThat(org.affiliateledger.events.common.Ids.MESSAGE.matches(id)).isTrue();
        assertThat(WebhookOutbox.messageId("6f1c2a4e-0000-4000-8000-000000000002", at)).isNotEqualTo(id);
    }
}
