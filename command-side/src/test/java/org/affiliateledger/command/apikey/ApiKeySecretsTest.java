package org.affiliateledger.command.apikey;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key format: {@code alk_} + 32 base62 characters + a 6-character base62 CRC32 of them; only the SHA-256 of the key
 * is kept, and the first 12 characters identify it in listings.
 */
class ApiKeySecretsTest {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** The documented checksum, computed here independently of the class under test. */
    private static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            out.insert(0, BASE62.charAt((int) (value % 62)));
            value /= 62;
        }
        return out.toString();
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNewKeyIsPrefixRandomnessAndItsChecksumAndOnlyItsHashIsKept() throws Exception {
        ApiKeySecrets.NewSecret secret = ApiKeySecrets.generate();
        String key = secret.plaintext();
        assertThat(key).hasSize(42).startsWith("alk_");
        String random = key.substring(4, 36);
        assertThat(random).matches("[0-9A-Za-z]{32}");
        assertThat(key.substring(36)).isEqualTo(checksum(random));
        assertThat(secret.displayPrefix()).isEqualTo(key.substring(0, 12));
        assertThat(secret.hash()).isEqualTo(sha256(key)).isEqualTo(ApiKeySecrets.hash(key));
        assertThat(ApiKeySecrets.wellFormed(key)).isTrue();
        assertThat(ApiKeySecrets.generate().plaintext()).isNotEqualTo(key);
    }

    @Test
    void aKeyWithTheRightChecksumIsWellFormed() {
        String random = "0123456789abcdefghijABCDEFGHIJzZ";
        assertThat(ApiKeySecrets.wellFormed("alk_" + random + checksum(random))).isTrue();
        String low = "00000000000000000000000000000000";
        assertThat(ApiKeySecrets.wellFormed("alk_" + low + checksum(low))).isTrue();
    }

    @Test
    void aTypoInTheRandomPartOrTheChecksumIsRefused() {
        String random = "0123456789abcdefghijABCDEFGHIJzZ";
        String key = "alk_" + random + checksum(random);
        assertThat(ApiKeySecrets.wellFormed(key.substring(0, 10) + (key.charAt(10) == 'x' ? 'y' : 'x') + key.substring(11))).isFalse();
        char last = key.charAt(41);
        assertThat(ApiKeySecrets.wellFormed(key.substring(0, 41) + (last == '0' ? '1' : '0'))).isFalse();
        char firstOfChecksum = key.charAt(36);
        assertThat(ApiKeySecrets.wellFormed(key.substring(0, 36) + (firstOfChecksum == '0' ? '1' : '0') + key.substring(37)))
                .isFalse();
    }

    @Test
    void aCharacterOutsideBase62IsRefusedEvenWithAMatchingChecksum() {
        String random = "0123456789abcdefghijABCDEFGHIJz-";
        assertThat(ApiKeySecrets.wellFormed("alk_" + random + checksum(random))).isFalse();
        String first = "_123456789abcdefghijABCDEFGHIJzZ";
        assertThat(ApiKeySecrets.wellFormed("alk_" + first + checksum(first))).isFalse();
    }

    @Test
    void anythingButFortyTwoCharactersStartingWithTheMarkerIsRefused() {
        String random = "0123456789abcdefghijABCDEFGHIJzZ";
        String key = "alk_" + random + checksum(random);
        assertThat(ApiKeySecrets.wellFormed(null)).isFalse();
        assertThat(ApiKeySecrets.wellFormed("")).isFalse();
        assertThat(ApiKeySecrets.wellFormed(key + "0")).isFalse();
        assertThat(ApiKeySecrets.wellFormed(key.substring(0, 41))).isFalse();
        assertThat(ApiKeySecrets.wellFormed("alx_" + random + checksum(random))).isFalse();
        assertThat(ApiKeySecrets.wellFormed("ALK_" + random + checksum(random))).isFalse();
    }
}
