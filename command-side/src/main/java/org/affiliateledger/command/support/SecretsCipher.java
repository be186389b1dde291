package org.affiliateledger.command.support;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AES-256-GCM for the merchants' third-party secrets (Stripe signing secrets and API keys) and the webhook endpoints'
 * signing secrets. A sealed value is {@code v2:<key id>:<base64 of a fresh 12-byte nonce, the ciphertext and tag>}; the
 * merchant id and the secret's name are authenticated with it, so a sealed value copied to another merchant or slot
 * does not open.
 * <p>
 * Several keys make rotation possible ({@code LEDGER_SECRETS_KEY=new,old}): the first seals, every one opens, and the
 * key id in each sealed value says which key opens it. A key id is the first 8 bytes of the key's SHA-256, in hex (it
 * says nothing usable about the key). Values sealed before key ids existed (plain base64) are opened by trying each key;
 * the GCM tag tells the right one. {@link #isCurrent} tells what a re-seal must rewrite.
 */
public final class SecretsCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String FORMAT = "v2:";
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String sealingKeyId;
    private final SecureRandom random = new SecureRandom();

    public SecretsCipher(byte[] key) {
        this(List.of(key));
    }

    /** @param keys the first seals; all open. Duplicates are ignored. */
    public SecretsCipher(List<byte[]> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("at least one secrets key is needed");
        }
        for (byte[] key : keys) {
            if (key == null || key.length != 32) {
                throw new IllegalArgumentException("a secrets key must be 32 bytes (base64 of 32 random bytes)");
            }
            this.keys.putIfAbsent(keyId(key), new SecretKeySpec(key.clone(), "AES"));
        }
        this.sealingKeyId = keyId(keys.get(0));
    }

    /** The id of a key as it appears in sealed values: hex of the first 8 bytes of its SHA-256. */
    public static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The key that seals. */
    public String sealingKeyId() {
        return sealingKeyId;
    }

    /** Every key that opens, the sealing key first. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    public String seal(String plaintext, String merchantId, String name) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(sealingKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context(merchantId, name));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return FORMAT + sealingKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    /** @throws IllegalStateException when none of the configured keys sealed the value (e.g. nodes not sharing LEDGER_SECRETS_KEY) */
    public String open(String sealed, String merchantId, String name) {
        Optional<String> keyId = keyIdOf(sealed);
        if (keyId.isPresent()) {
            SecretKeySpec key = keys.get(keyId.get());
            if (key == null) {
                throw new IllegalStateException("cannot decrypt the " + name + " of " + merchantId + ": it was sealed with key "
                        + keyId.get() + ", which is not among LEDGER_SECRETS_KEY's keys " + keyIds()
                        + "; add that key (after the sealing one) to LEDGER_SECRETS_KEY");
            }
            try {
                return open(key, sealed.substring(sealed.indexOf(':', FORMAT.length()) + 1), merchantId, name);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot decrypt the " + name + " of " + merchantId
                        + " with key " + keyId.get() + ": the value was altered or belongs to another merchant or slot", e);
            }
        }
        // sealed before key ids: whichever configured key authenticates it
        List<Exception> failures = new ArrayList<>();
        for (SecretKeySpec key : keys.values()) {
            try {
                return open(key, sealed, merchantId, name);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                failures.add(e);
            }
        }
        IllegalStateException failure = new IllegalStateException("cannot decrypt the " + name + " of " + merchantId
                + ": was it stored with another LEDGER_SECRETS_KEY? (tried keys " + keyIds() + ")");
        failures.forEach(failure::addSuppressed);
        throw failure;
    }

    /** Sealed with the sealing key in the current format: a re-seal leaves it alone. */
    public boolean isCurrent(String sealed) {
        return keyIdOf(sealed).filter(sealingKeyId::equals).isPresent();
    }

    /** The key id a sealed value names; empty for values sealed before key ids existed. */
    public static Optional<String> keyIdOf(String sealed) {
        if (sealed == null || !sealed.startsWith(FORMAT)) {
            return Optional.empty();
        }
        int end = sealed.indexOf(':', FORMAT.length());
        return end < 0 ? Optional.empty() : Optional.of(sealed.substring(FORMAT.length(), end));
    }

    private static String open(SecretKeySpec key, String base64, String merchantId, String name) throws GeneralSecurityException {
        byte[] in = Base64.getDecoder().decode(base64);
        if (in.length <= NONCE_BYTES) {
            throw new AEADBadTagException("sealed value too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
        cipher.updateAAD(context(merchantId, name));
        return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }

    private static byte[] context(String merchantId, String name) {
        return (merchantId + "/" + name).getBytes(StandardCharsets.UTF_8);
    }
}
