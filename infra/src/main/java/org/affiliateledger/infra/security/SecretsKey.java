package org.affiliateledger.infra.security;

import org.affiliateledger.command.support.SecretsCipher;
import org.affiliateledger.infra.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The keys that seal merchants' Stripe secrets and webhook signing secrets: {@code LEDGER_SECRETS_KEY} when set — one
 * or more comma-separated keys, each base64 of 32 bytes; the first seals, all open (rotation: put the new key first,
 * re-seal with {@code POST /admin/v1/secrets/reseal}, then drop the old one) — otherwise one generated on first start
 * and kept in {@code LEDGER_DATA_DIR/secrets.key} (mode 600). Several nodes sharing a database must share
 * {@code LEDGER_SECRETS_KEY}: a secret sealed by one node's generated key cannot be opened by another.
 */
@Configuration(proxyBeanMethods = false)
public class SecretsKey {
    private static final Logger log = LoggerFactory.getLogger(SecretsKey.class);
    static final String FILE = "secrets.key";

    @Bean
    public SecretsCipher secretsCipher(LedgerProperties properties) {
        SecretsCipher cipher = new SecretsCipher(loadAll(properties.secretsKey(), properties.dataDir()));
        if (cipher.keyIds().size() > 1) {
            log.info("Secrets are sealed with key {}; keys {} also open them (POST /admin/v1/secrets/reseal re-seals "
                    + "everything with {})", cipher.sealingKeyId(), cipher.keyIds().subList(1, cipher.keyIds().size()),
                    cipher.sealingKeyId());
        }
        return cipher;
    }

    /** The sealing key (the first one). */
    static byte[] load(String configured, Path dataDir) {
        return loadAll(configured, dataDir).get(0);
    }

    /** Every key, the sealing one first. */
    static List<byte[]> loadAll(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return decodeAll(configured, "LEDGER_SECRETS_KEY");
        }
        Path file = dataDir.toAbsolutePath().resolve(FILE);
        try {
            if (Files.exists(file)) {
                return decodeAll(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            }
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                return decodeAll(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            log.warn("LEDGER_SECRETS_KEY is not set; generated a key for the merchants' Stripe and webhook secrets in {} "
                    + "(back it up, keep it out of version control; several nodes must share one LEDGER_SECRETS_KEY instead)", file);
            return List.of(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key " + file
                    + "; set LEDGER_SECRETS_KEY (base64 of 32 random bytes) or make LEDGER_DATA_DIR writable", e);
        }
    }

    /** Keys separated by commas (or, in the key file, line breaks). */
    private static List<byte[]> decodeAll(String keys, String source) {
        List<byte[]> decoded = new ArrayList<>();
        for (String key : keys.split("[,\\s]+")) {
            if (!key.isBlank()) {
                decoded.add(decode(key.strip(), source));
            }
        }
        if (decoded.isEmpty()) {
            throw new IllegalStateException(source + " holds no key; expected base64 of 32 random bytes (openssl rand -base64 32)");
        }
        return decoded;
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64; expected base64 of 32 random bytes (openssl rand -base64 32)");
        }
        if (key.length != 32) {
            throw new IllegalStateException(source + " decodes to " + key.length + " bytes; expected 32 (openssl rand -base64 32)");
        }
        return key;
    }
}
