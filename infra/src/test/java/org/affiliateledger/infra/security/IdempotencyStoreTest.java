package org.affiliateledger.infra.security;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyStoreTest extends LedgerIntegrationTest {
    private static final String HASH = "a".repeat(64);

    @Autowired
    IdempotencyStore store;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aSecondClaimWhileTheFirstRunsIsInProgress() {
        String key = UUID.randomUUID().toString();

        assertThat(store.claim("key_a", key, HASH)).isInstanceOf(IdempotencyStore.Granted.class);
        assertThat(store.claim("key_a", key, HASH)).isInstanceOf(IdempotencyStore.InProgress.class);
    }

    @Test
    void aClaimAbandonedByACrashedNodeCanBeTakenOverOnceItsLockExpires() {
        String key = UUID.randomUUID().toString();
        store.claim("key_b", key, HASH);
        jdbc.sql("UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE idempotency_key = ?")
                .param(key).update();

        assertThat(store.claim("key_b", key, HASH)).isInstanceOf(IdempotencyStore.Granted.class);
        assertThat(store.claim("key_b", key, HASH)).isInstanceOf(IdempotencyStore.InProgress.class);
    }

    @Test
    void aReleasedClaimRunsAgainAndACompletedOneReplays() {
        String key = UUID.randomUUID().toString();
        store.claim("key_c", key, HASH);
        store.release("key_c", key);
        assertThat(store.claim("key_c", key, HASH)).isInstanceOf(IdempotencyStore.Granted.class);

        store.complete("key_c", key, 201, "application/json", "/x", "{}".getBytes());

        IdempotencyStore.Claim replay = store.claim("key_c", key, HASH);
        assertThat(replay).isInstanceOf(IdempotencyStore.Replay.class);
        assertThat(((IdempotencyStore.Replay) replay).status()).isEqualTo(201);
        assertThat(store.claim("key_c", key, "b".repeat(64))).isInstanceOf(IdempotencyStore.Mismatch.class);
    }

    @Test
    void forgetsKeysAfter24Hours() {
        String key = UUID.randomUUID().toString();
        store.claim("key_d", key, HASH);
        store.complete("key_d", key, 201, "application/json", null, "{}".getBytes());
        jdbc.sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = ?")
                .param(key).update();

        store.forgetExpired();

        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?").param(key)
                .query(Long.class).single()).isZero();
    }
}
