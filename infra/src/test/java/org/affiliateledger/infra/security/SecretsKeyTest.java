package org.affiliateledger.infra.security;

import org.affiliateledger.command.support.SecretsCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

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

    @Test
    void severalKeysTheFirstSealsAllOpen() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        a[0] = 1;
        b[0] = 2;
        String both = Base64.getEncoder().encodeToString(b) + " , " + Base64.getEncoder().encodeToString(a);
        assertThat(SecretsKey.loadAll(both, dataDir)).hasSize(2);
        assertThat(SecretsKey.load(both, dataDir)).isEqualTo(b);

        SecretsCipher oldCipher = new SecretsCipher(a);
        String sealedWithA = oldCipher.seal("sk_test_abc", "mer_1", "stripe_api_key");
        assertThat(SecretsCipher.keyIdOf(sealedWithA)).contains(SecretsCipher.keyId(a));

        SecretsCipher rotated = new SecretsCipher(SecretsKey.loadAll(both, dataDir));
        assertThat(rotated.sealingKeyId()).isEqualTo(SecretsCipher.keyId(b));
        assertThat(rotated.keyIds()).containsExactly(SecretsCipher.keyId(b), SecretsCipher.keyId(a));
        assertThat(rotated.open(sealedWithA, "mer_1", "stripe_api_key")).isEqualTo("sk_test_abc");
        assertThat(rotated.isCurrent(sealedWithA)).isFalse();
        String resealed = rotated.seal(rotated.open(sealedWithA, "mer_1", "stripe_api_key"), "mer_1", "stripe_api_key");
        assertThat(rotated.isCurrent(resealed)).isTrue();
        assertThat(new SecretsCipher(b).open(resealed, "mer_1", "stripe_api_key")).isEqualTo("sk_test_abc");
        assertThatThrownBy(() -> new SecretsCipher(b).open(sealedWithA, "mer_1", "stripe_api_key"))
                .hasMessageContaining(SecretsCipher.keyId(a)).hasMessageContaining("LEDGER_SECRETS_KEY");
    }

    @Test
    void valuesSealedBeforeKeyIdsStillOpenWithWhicheverKeySealedThem() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        a[0] = 1;
        b[0] = 2;
        String current = new SecretsCipher(a).seal("whsec_old", "mer_1", "stripe_webhook_secret");
        String legacy = current.substring(current.indexOf(':', 3) + 1); // nonce + ciphertext + tag, as sealed before
        assertThat(SecretsCipher.keyIdOf(legacy)).isEmpty();
        assertThat(new SecretsCipher(List.of(b, a)).open(legacy, "mer_1", "stripe_webhook_secret")).isEqualTo("whsec_old");
        assertThat(new SecretsCipher(List.of(b, a)).isCurrent(legacy)).isFalse();
        assertThatThrownBy(() -> new SecretsCipher(b).open(legacy, "mer_1", "stripe_webhook_secret"))
                .hasMessageContaining("LEDGER_SECRETS_KEY");
    }

    @Test
    void aKeyFileMayHoldSeveralKeysOnePerLine() throws Exception {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[5] = 9;
        Files.writeString(dataDir.resolve("secrets.key"), Base64.getEncoder().encodeToString(b) + "\n"
                + Base64.getEncoder().encodeToString(a) + "\n");
        assertThat(SecretsKey.loadAll("", dataDir)).hasSize(2);
        assertThat(SecretsKey.load(null, dataDir)).isEqualTo(b);
    }
}
