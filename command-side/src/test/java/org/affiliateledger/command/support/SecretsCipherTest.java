package org.affiliateledger.command.support;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealing the merchants' secrets: bound to merchant and slot, opened by any configured key, rotated by key id. */
class SecretsCipherTest {
    private static final byte[] OLD = key(1);
    private static final byte[] NEW = key(2);

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void opensWhatItSealedForTheSameMerchantAndSlot() {
        SecretsCipher cipher = new SecretsCipher(NEW);
        String sealed = cipher.seal("whsec_abc", "mer_1", "stripe_webhook_secret");
        assertThat(sealed).startsWith("v2:" + SecretsCipher.keyId(NEW) + ":").doesNotContain("whsec_abc");
        assertThat(cipher.open(sealed, "mer_1", "stripe_webhook_secret")).isEqualTo("whsec_abc");
    }

    @Test
    void sealsTheSameSecretDifferentlyEachTime() {
        SecretsCipher cipher = new SecretsCipher(NEW);
        assertThat(cipher.seal("s", "mer_1", "k")).isNotEqualTo(cipher.seal("s", "mer_1", "k"));
    }

    @Test
    void aSealedValueCopiedToAnotherMerchantOrSlotDoesNotOpen() {
        SecretsCipher cipher = new SecretsCipher(NEW);
        String sealed = cipher.seal("whsec_abc", "mer_1", "stripe_webhook_secret");
        assertThatThrownBy(() -> cipher.open(sealed, "mer_2", "stripe_webhook_secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot decrypt the stripe_webhook_secret of mer_2 with key " + SecretsCipher.keyId(NEW)
                        + ": the value was altered or belongs to another merchant or slot");
        assertThatThrownBy(() -> cipher.open(sealed, "mer_1", "stripe_api_key")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theFirstKeySealsAndEveryKeyOpens() {
        String sealedWithOld = new SecretsCipher(OLD).seal("sk_old", "mer_1", "stripe_api_key");
        SecretsCipher rotated = new SecretsCipher(List.of(NEW, OLD));
        assertThat(rotated.sealingKeyId()).isEqualTo(SecretsCipher.keyId(NEW));
        assertThat(rotated.keyIds()).containsExactly(SecretsCipher.keyId(NEW), SecretsCipher.keyId(OLD));
        assertThat(rotated.open(sealedWithOld, "mer_1", "stripe_api_key")).isEqualTo("sk_old");
        assertThat(rotated.isCurrent(sealedWithOld)).as("sealed with the old key: a re-seal rewrites it").isFalse();
        assertThat(rotated.isCurrent(rotated.seal("sk_new", "mer_1", "stripe_api_key"))).isTrue();
    }

    @Test
    void ignoresADuplicateKey() {
        assertThat(new SecretsCipher(List.of(NEW, NEW)).keyIds()).containsExactly(SecretsCipher.keyId(NEW));
    }

    @Test
    void namesTheMissingKeyWhenAValueWasSealedWithAKeyNoLongerConfigured() {
        String sealedWithOld = new SecretsCipher(OLD).seal("sk_old", "mer_1", "stripe_api_key");
        SecretsCipher cipher = new SecretsCipher(NEW);
        assertThatThrownBy(() -> cipher.open(sealedWithOld, "mer_1", "stripe_api_key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot decrypt the stripe_api_key of mer_1: it was sealed with key " + SecretsCipher.keyId(OLD)
                        + ", which is not among LEDGER_SECRETS_KEY's keys [" + SecretsCipher.keyId(NEW)
                        + "]; add that key (after the sealing one) to LEDGER_SECRETS_KEY");
    }

    /** The format before key ids: base64 of nonce, ciphertext and tag, with the same merchant/slot binding. */
    private static String legacySeal(byte[] key, String plaintext, String merchantId, String name) throws Exception {
        byte[] nonce = new byte[12];
        Arrays.fill(nonce, (byte) 7);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD((merchantId + "/" + name).getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] out = Arrays.copyOf(nonce, 12 + sealed.length);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return Base64.getEncoder().encodeToString(out);
    }

    @Test
    void opensAValueSealedBeforeKeyIdsWithWhicheverKeyAuthenticatesIt() throws Exception {
        String legacy = legacySeal(OLD, "whsec_legacy", "mer_1", "stripe_webhook_secret");
        SecretsCipher cipher = new SecretsCipher(List.of(NEW, OLD));
        assertThat(cipher.open(legacy, "mer_1", "stripe_webhook_secret")).isEqualTo("whsec_legacy");
        assertThat(cipher.isCurrent(legacy)).isFalse();
        assertThat(SecretsCipher.keyIdOf(legacy)).isEmpty();
    }

    @Test
    void refusesALegacyValueThatNoConfiguredKeyOpensAndSaysWhichKeysWereTried() throws Exception {
        String legacy = legacySeal(OLD, "whsec_legacy", "mer_1", "stripe_webhook_secret");
        SecretsCipher cipher = new SecretsCipher(NEW);
        assertThatThrownBy(() -> cipher.open(legacy, "mer_1", "stripe_webhook_secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot decrypt the stripe_webhook_secret of mer_1: was it stored with another LEDGER_SECRETS_KEY? (tried keys ["
                        + SecretsCipher.keyId(NEW) + "])")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    @Test
    void refusesAValueTooShortToHoldANonceAndATag() {
        SecretsCipher cipher = new SecretsCipher(NEW);
        String tooShort = "v2:" + SecretsCipher.keyId(NEW) + ":" + Base64.getEncoder().encodeToString(new byte[12]);
        assertThatThrownBy(() -> cipher.open(tooShort, "mer_1", "k")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsTheKeyIdOfASealedValue() {
        assertThat(SecretsCipher.keyIdOf("v2:0011aabb:xyz")).contains("0011aabb");
        assertThat(SecretsCipher.keyIdOf("v2:no-end")).isEmpty();
        assertThat(SecretsCipher.keyIdOf(null)).isEmpty();
        assertThat(SecretsCipher.keyIdOf("plainbase64==")).isEmpty();
    }

    @Test
    void theKeyIdIsTheHexOfTheFirstEightBytesOfTheKeysSha256() {
        assertThat(SecretsCipher.keyId(NEW)).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(SecretsCipher.keyId(NEW)).isNotEqualTo(SecretsCipher.keyId(OLD));
    }

    @Test
    void refusesNoKeysAndKeysOfTheWrongLength() {
        assertThatThrownBy(() -> new SecretsCipher(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at least one secrets key is needed");
        assertThatThrownBy(() -> new SecretsCipher((List<byte[]>) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretsCipher(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a secrets key must be 32 bytes (base64 of 32 random bytes)");
        assertThatThrownBy(() -> new SecretsCipher(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }
}
