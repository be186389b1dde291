package org.affiliateledger.command.webhook;

import com.standardwebhooks.Webhook;
import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.command.support.ResealCount;
import org.affiliateledger.command.support.Resealing;
import org.affiliateledger.command.support.SecretsCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Endpoint signing secrets: {@code whsec_} + base64 of 32 random bytes, shown once, stored sealed with the same
 * AES-256-GCM key as the merchants' Stripe secrets (LEDGER_SECRETS_KEY or LEDGER_DATA_DIR/secrets.key). A rotation adds
 * a secret and lets the previous ones sign for 24 more hours, so receivers can switch without losing a message.
 */
@Component
public class WebhookSecrets {
    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final JdbcClient jdbc;
    private final SecretsCipher cipher;

    public WebhookSecrets(JdbcClient jdbc, SecretsCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    public static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** Adds a new secret (in the caller's transaction); earlier ones that still sign expire {@link #ROTATION_OVERLAP} from now. */
    public String issue(String merchantId, String endpointId, Instant now) {
        String secret = generate();
        Integer seq = jdbc.sql("SELECT COALESCE(MAX(seq), 0) + 1 FROM webhook_endpoint_secrets WHERE endpoint_id = ?")
                .param(endpointId).query(Integer.class).single();
        jdbc.sql("""
                        UPDATE webhook_endpoint_secrets SET expires_at = ?
                        WHERE endpoint_id = ? AND (expires_at IS NULL OR expires_at > ?)""")
                .params(Timestamp.from(now.plus(ROTATION_OVERLAP)), endpointId, Timestamp.from(now.plus(ROTATION_OVERLAP)))
                .update();
        jdbc.sql("""
                        INSERT INTO webhook_endpoint_secrets (endpoint_id, seq, merchant_id, sealed, created_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(endpointId, seq, merchantId, cipher.seal(secret, merchantId, slot(endpointId, seq)), Timestamp.from(now))
                .update();
        return secret;
    }

    /** The secrets that sign at {@code now}, newest first. */
    public List<String> active(String merchantId, String endpointId, Instant now) {
        return jdbc.sql("""
                        SELECT seq, sealed FROM webhook_endpoint_secrets
                        WHERE endpoint_id = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY seq DESC""")
                .params(endpointId, Timestamp.from(now))
                .query((rs, n) -> cipher.open(rs.getString("sealed"), merchantId, slot(endpointId, rs.getInt("seq"))))
                .list();
    }

    /**
     * The secrets an endpoint signs with, opened from rows read elsewhere ({@code seqs[i]} sealed as {@code sealed[i]},
     * newest first, as {@link #active} reads them): the delivery claim reads them with the delivery it leases.
     */
    public List<String> open(String merchantId, String endpointId, Integer[] seqs, String[] sealed) {
        List<String> secrets = new ArrayList<>(seqs.length);
        for (int i = 0; i < seqs.length; i++) {
            secrets.add(cipher.open(sealed[i], merchantId, slot(endpointId, seqs[i])));
        }
        return secrets;
    }

    /** Re-seals every endpoint secret not sealed with the sealing key yet (see {@link MerchantSecrets#resealAll()}). */
    public ResealCount resealAll() {
        List<Resealing.SealedRow<Seq>> rows = jdbc.sql("""
                        SELECT endpoint_id, seq, merchant_id, sealed FROM webhook_endpoint_secrets ORDER BY endpoint_id, seq""")
                .query().listOfRows().stream()
                .map(row -> {
                    Seq seq = new Seq((String) row.get("endpoint_id"), ((Number) row.get("seq")).intValue());
                    return new Resealing.SealedRow<>(seq, seq.endpointId() + "/" + seq.seq(), (String) row.get("merchant_id"),
                            slot(seq.endpointId(), seq.seq()), (String) row.get("sealed"));
                })
                .toList();
        return Resealing.resealAll(cipher, rows, (row, fresh) -> jdbc.sql(
                        "UPDATE webhook_endpoint_secrets SET sealed = ? WHERE endpoint_id = ? AND seq = ? AND sealed = ?")
                .params(fresh, row.key().endpointId(), row.key().seq(), row.sealed()).update() == 1);
    }

    /** An endpoint's secret: its number among the endpoint's secrets. */
    private record Seq(String endpointId, int seq) {
    }

    /** {@code v1,<sig>} for each secret, space-separated (Standard Webhooks: receivers accept any one that verifies). */
    public static String signature(List<String> secrets, String messageId, long unixSeconds, String body) {
        List<String> signatures = new ArrayList<>();
        for (String secret : secrets) {
            try {
                signatures.add(new Webhook(secret).sign(messageId, unixSeconds, body));
            } catch (Exception e) {
                throw new IllegalStateException("cannot sign webhook " + messageId, e);
            }
        }
        return String.join(" ", signatures);
    }

    private static String slot(String endpointId, int seq) {
        return "webhook_secret/" + endpointId + "/" + seq;
    }
}
