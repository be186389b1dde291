package org.affiliateledger.command.support;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        int resealed = 0;
        int current = 0;
        List<String> unreadable = new ArrayList<>();
        List<Map<String, Object>> rows = jdbc.sql("SELECT merchant_id, name, sealed FROM merchant_secret ORDER BY merchant_id, name")
                .query().listOfRows();
        for (Map<String, Object> row : rows) {
            String merchantId = (String) row.get("merchant_id");
            String name = (String) row.get("name");
            String sealed = (String) row.get("sealed");
            if (cipher.isCurrent(sealed)) {
                current++;
                continue;
            }
            String fresh;
            try {
                fresh = cipher.seal(cipher.open(sealed, merchantId, name), merchantId, name);
            } catch (IllegalStateException e) {
                unreadable.add(merchantId + "/" + name);
                continue;
            }
            int updated = jdbc.sql("UPDATE merchant_secret SET sealed = ? WHERE merchant_id = ? AND name = ? AND sealed = ?")
                    .params(fresh, merchantId, name, sealed).update();
            if (updated == 1) {
                resealed++;
            } else {
                current++; // changed (and so sealed with the sealing key) or removed meanwhile
            }
        }
        return new ResealCount(resealed, current, unreadable);
    }

    public Optional<String> reveal(String merchantId, String name) {
        return jdbc.sql("SELECT sealed FROM merchant_secret WHERE merchant_id = ? AND name = ?")
                .params(merchantId, name)
                .query(String.class)
                .optional()
                .map(sealed -> cipher.open(sealed, merchantId, name));
    }
}
