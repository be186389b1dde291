package org.affiliateledger.infra.security;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket table does not grow without bound: rows of buckets that have been full for a minute are deleted. */
class RateLimitBucketsTest extends LedgerIntegrationTest {
    @Autowired
    RateLimitBuckets buckets;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theCleanupDeletesBucketsFullAgainForAMinuteAndKeepsTheOthers() {
        long before = System.currentTimeMillis();
        buckets.take("key_cleanup_idle", "write", 3);
        buckets.take("key_cleanup_busy", "write", 3);

        assertThat(expiresAt("key_cleanup_busy/write/3")).as("full again within the minute, then kept one more")
                .isBetween(before + 60_000, System.currentTimeMillis() + 120_000);

        jdbc.sql("UPDATE rate_limit_buckets SET expires_at = ? WHERE id = ?").params(before - 1, "key_cleanup_idle/write/3").update();
        buckets.removeExpired();

        assertThat(jdbc.sql("SELECT id FROM rate_limit_buckets WHERE id LIKE 'key_cleanup_%'").query(String.class).list())
                .isEqualTo(List.of("key_cleanup_busy/write/3"));
    }

    private long expiresAt(String bucket) {
        return jdbc.sql("SELECT expires_at FROM rate_limit_buckets WHERE id = ?").param(bucket).query(Long.class).single();
    }
}
