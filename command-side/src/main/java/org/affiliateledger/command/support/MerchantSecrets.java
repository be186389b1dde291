package org.affiliateledger.command.support;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The merchants' third-party secrets, sealed with {@link SecretsCipher}, in the command side's {@code merchant_secret}
 * table (never in the append-only event store, never in a read model). Written in the transaction of the settings
 * change that records "secret set".
 */
@Component
public class MerchantSecrets {
    public static final String STRIPE_WEBHOOK_SECRET = "stripe_webhook_secret";
    public static final String STRIPE_API_KEY = "stripe_api_key";

    private final JdbcClient jdbc;
    private final SecretsCipher cipher;

    public MerchantSecrets(JdbcClient jdbc, SecretsCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    public String seal(String merchantId, String name, String plaintext) {
        return cipher.seal(plaintext, merchantId, name);
    }

    /** {@code sealed} null removes the secret. */
    public void store(String merchantId, String name, String sealed) {
        if (sealed == null) {
            jdbc.sql("DELETE FROM merchant_secret WHERE merchant_id = ? AND name = ?").params(merchantId, name).update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO merchant_secret (merchant_id, name, sealed, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (merchant_id, name) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = EXCLUDED.updated_at""")
                .params(merchantId, name, sealed, Timestamp.from(Instant.now()))
                .update();
    }

    /**
     * Re-seals every stored secret that is not sealed with the sealing key yet (key rotation, or values from before key
     * ids), one row at a time; a row written meanwhile by a settings change is left as that change wrote it.
     */
    public ResealCount resealAll() {
        List<Resealing.SealedRow<String>> rows = jdbc.sql("SELECT merchant_id, name, sealed FROM merchant_secret ORDER BY merchant_id, name")
                .query().listOfRows().stream()
                .map(row -> new Resealing.SealedRow<>((String) row.get("name"), row.get("merchant_id") + "/" + row.get("name"),
                        (String) row.get("merchant_id"), (String) row.get("name"), (String) row.get("sealed")))
                .toList();
        return Resealing.resealAll(cipher, rows, (row, fresh) -> jdbc.sql(
                        "UPDATE merchant_secret SET sealed = ? WHERE merchant_id = ? AND name = ? AND sealed = ?")
                .params(fresh, row.merchantId(), row.key(), row.sealed()).update() == 1);
    }

    public Optional<String> reveal(String merchantId, String name) {
        return jdbc.sql("SELECT sealed FROM merchant_secret WHERE merchant_id = ? AND name = ?")
                .params(merchantId, name)
                .query(String.class)
                .optional()
                .map(sealed -> cipher.open(sealed, merchantId, name));
    }
}
