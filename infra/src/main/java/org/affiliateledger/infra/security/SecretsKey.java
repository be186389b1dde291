package org.affiliateledger.infra.security;

import org.affiliateledger.command.support.SecretsCipher;
import org.affiliateledger.infra.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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
import java.util.Base64;

/**
 * The key that seals merchants' Stripe secrets: {@code LEDGER_SECRETS_KEY} (base64 of 32 bytes) when set, otherwise
 * one generated on first start and kept in {@code LEDGER_DATA_DIR/secrets.key} (mode 600). Several nodes sharing a
 * database must share {@code LEDGER_SECRETS_KEY}: a secret sealed by one node's generated key cannot be opened by another.
 */
@Configuration(proxyBeanMethods = false)
public class SecretsKey {
    private static final Logger log = LoggerFactory.getLogger(SecretsKey.class);
    static final String FILE = "secrets.key";

    @Bean
    public SecretsCipher secretsCipher(@Value("${ledger.secrets-key:}") String configured, LedgerProperties properties) {
        return new SecretsCipher(load(configured, properties.dataDir()));
    }

    static byte[] load(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured.strip(), "LEDGER_SECRETS_KEY");
        }
        Path file = dataDir.toAbsolutePath().resolve(FILE);
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
            }
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            log.warn("LEDGER_SECRETS_KEY is not set; generated a key for the merchants' Stripe secrets in {} "
                    + "(back it up; several nodes must share one LEDGER_SECRETS_KEY instead)", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key " + file
                    + "; set LEDGER_SECRETS_KEY (base64 of 32 random bytes) or make LEDGER_DATA_DIR writable", e);
        }
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
