package org.affiliateledger.command.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * API key format: {@code alk_} + 32 base62 characters of randomness (≈190 bits) + a 6-character base62 CRC32
 * checksum, so secret scanners can recognise a leaked key and typos are refused without a database lookup.
 * Only the SHA-256 of the whole key is stored.
 */
public final class ApiKeySecrets {
    public static final String PREFIX = "alk_";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;
    private static final int DISPLAY_PREFIX_LENGTH = PREFIX.length() + 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    /** @param plaintext shown once; {@code displayPrefix} identifies the key in listings; {@code hash} is what is stored */
    public record NewSecret(String plaintext, String displayPrefix, String hash) {
    }

    public static NewSecret generate() {
        StringBuilder random = new StringBuilder(RANDOM_LENGTH);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            random.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        String key = PREFIX + random + checksum(random.toString());
        return new NewSecret(key, key.substring(0, DISPLAY_PREFIX_LENGTH), hash(key));
    }

    /** Shape and checksum only; says nothing about whether the key exists. */
    public static boolean wellFormed(String key) {
        if (key == null || key.length() != PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH || !key.startsWith(PREFIX)) {
            return false;
        }
        String random = key.substring(PREFIX.length(), PREFIX.length() + RANDOM_LENGTH);
        for (int i = 0; i < random.length(); i++) {
            if (BASE62.indexOf(random.charAt(i)) < 0) {
                return false;
            }
        }
        return MessageDigest.isEqual(checksum(random).getBytes(StandardCharsets.US_ASCII),
                key.substring(PREFIX.length() + RANDOM_LENGTH).getBytes(StandardCharsets.US_ASCII));
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
