package org.affiliateledger.infra.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Objects;

/**
 * Remembers the first response to each (API key, Idempotency-Key) for {@link #RETENTION}. A claim is held while
 * the first request runs; one abandoned by a crashed node can be taken over after {@link #LOCK}.
 */
@Component
public class IdempotencyStore {
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration LOCK = Duration.ofSeconds(60);

    sealed interface Claim {
    }

    record Granted() implements Claim {
    }

    record Replay(int status, String contentType, String location, byte[] body) implements Claim {
    }

    record InProgress() implements Claim {
    }

    record Mismatch() implements Claim {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public IdempotencyStore(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    Claim claim(String keyId, String idempotencyKey, String requestHash) {
        return transactions.execute(status -> {
            int inserted = jdbc.sql("""
                            INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, created_at, locked_until)
                            VALUES (?, ?, ?, now(), now() + make_interval(secs => ?)) ON CONFLICT DO NOTHING""")
                    .params(keyId, idempotencyKey, requestHash, LOCK.toSeconds())
                    .update();
            if (inserted == 1) {
                return new Granted();
            }
            record Stored(String hash, boolean expired, boolean running, boolean locked, Integer status,
                          String contentType, String location, byte[] body) {
            }
            Stored stored = jdbc.sql("""
                            SELECT request_hash, created_at < now() - make_interval(secs => ?) AS expired,
                                   status IS NULL AS running, locked_until > now() AS locked,
                                   status, content_type, location, body
                            FROM idempotency_keys WHERE key_id = ? AND idempotency_key = ? FOR UPDATE""")
                    .params(RETENTION.toSeconds(), keyId, idempotencyKey)
                    .query((rs, n) -> new Stored(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                            (Integer) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getBytes(8)))
                    .single();
            if (stored.expired() || (stored.running() && !stored.locked() && Objects.equals(stored.hash(), requestHash))) {
                jdbc.sql("""
                                UPDATE idempotency_keys SET request_hash = ?, created_at = now(),
                                       locked_until = now() + make_interval(secs => ?), status = NULL, content_type = NULL,
                                       location = NULL, body = NULL
                                WHERE key_id = ? AND idempotency_key = ?""")
                        .params(requestHash, LOCK.toSeconds(), keyId, idempotencyKey)
                        .update();
                return new Granted();
            }
            if (!stored.hash().equals(requestHash)) {
                return new Mismatch();
            }
            if (stored.running()) {
                return new InProgress();
            }
            return new Replay(stored.status(), stored.contentType(), stored.location(), stored.body());
        });
    }

    void complete(String keyId, String idempotencyKey, int status, String contentType, String location, byte[] body) {
        jdbc.sql("""
                        UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ?, locked_until = NULL
                        WHERE key_id = ? AND idempotency_key = ?""")
                .params(status, contentType, location, body, keyId, idempotencyKey)
                .update();
    }

    /** The first request failed on our side (5xx or an exception): let a retry run it again. */
    void release(String keyId, String idempotencyKey) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE key_id = ? AND idempotency_key = ? AND status IS NULL")
                .params(keyId, idempotencyKey)
                .update();
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    public void forgetExpired() {
        jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ?)")
                .param(RETENTION.toSeconds())
                .update();
    }
}
