package org.affiliateledger.infra.security;

import org.affiliateledger.command.support.SecretsCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsKeyTest {
    @TempDir
    Path dataDir;

    @Test
    void generatesAKeyOnceInTheDataDirectoryReadableOnlyByTheOwner() throws Exception {
        byte[] first = SecretsKey.load("", dataDir);
        Path file = dataDir.resolve("secrets.key");
        assertThat(first).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretsKey.load(null, dataDir)).isEqualTo(first);
    }

    @Test
    void prefersLedgerSecretsKey() {
        byte[] configured = new byte[32];
        configured[0] = 7;
        assertThat(SecretsKey.load(Base64.getEncoder().encodeToString(configured), dataDir)).isEqualTo(configured);
        assertThat(dataDir.resolve("secrets.key")).doesNotExist();
    }

    @Test
    void refusesAKeyThatIsNotBase64Of32Bytes() {
        assertThatThrownBy(() -> SecretsKey.load("not base64!", dataDir)).hasMessageContaining("base64");
        assertThatThrownBy(() -> SecretsKey.load(Base64.getEncoder().encodeToString(new byte[16]), dataDir))
                .hasMessageContaining("16 bytes");
    }

    @Test
    void sealsSoThatOnlyTheSameKeyMerchantAndSlotOpen() {
        SecretsCipher cipher = new SecretsCipher(SecretsKey.load("", dataDir));
        String sealed = cipher.seal("whsec_abc", "mer_1", "stripe_webhook_secret");
        assertThat(sealed).doesNotContain("whsec");
        assertThat(cipher.open(sealed, "mer_1", "stripe_webhook_secret")).isEqualTo("whsec_abc");
        assertThat(cipher.seal("whsec_abc", "mer_1", "stripe_webhook_secret")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> cipher.open(sealed, "mer_2", "stripe_webhook_secret")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.open(sealed, "mer_1", "stripe_api_key")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretsCipher(new byte[32]).open(sealed, "mer_1", "stripe_webhook_secret"))
                .hasMessageContaining("LEDGER_SECRETS_KEY");
    }
}
