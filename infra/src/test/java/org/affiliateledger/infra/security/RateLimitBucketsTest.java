package org.affiliateledger.infra.security;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.github.bucket4j.ConsumptionProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bucket table does not grow without bound: rows of buckets that have been full for a minute are deleted. Requests
 * arriving together count exactly, also on a bucket whose row does not exist yet or was deleted under a busy node.
 */
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

    @Test
    void aKeysFirstRequestsArrivingTogetherAreEachCountedOnce() throws Exception {
        List<ConsumptionProbe> probes = takeTogether("key_first_burst", 24, 10);

        assertThat(probes).filteredOn(ConsumptionProbe::isConsumed).hasSize(10);
        assertThat(probes).filteredOn(probe -> !probe.isConsumed()).hasSize(14)
                .allSatisfy(probe -> assertThat(probe.getRemainingTokens()).isZero());
    }

    @Test
    void requestsArrivingTogetherAfterTheRowWasDeletedRecreateItAndNeverExceedTheLimit() throws Exception {
        buckets.take("key_row_gone", "write", 10);
        buckets.take("key_row_gone", "write", 10);
        jdbc.sql("DELETE FROM rate_limit_buckets WHERE id = ?").param("key_row_gone/write/10").update();

        List<ConsumptionProbe> probes = takeTogether("key_row_gone", 24, 10);

        assertThat(probes).filteredOn(ConsumptionProbe::isConsumed).hasSizeBetween(1, 10);
        assertThat(jdbc.sql("SELECT count(*) FROM rate_limit_buckets WHERE id = ?").param("key_row_gone/write/10")
                .query(Integer.class).single()).isEqualTo(1);
    }

    /** {@code requests} takes from as many threads, released at once; an exception from any of them fails the test. */
    private List<ConsumptionProbe> takeTogether(String key, int requests, int perMinute) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ConsumptionProbe>> results = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        try {
            for (int i = 0; i < requests; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return buckets.take(key, "write", perMinute);
                }));
            }
            start.countDown();
            List<ConsumptionProbe> probes = new ArrayList<>();
            for (Future<ConsumptionProbe> result : results) {
                probes.add(result.get());
            }
            return probes;
        } finally {
            threads.shutdownNow();
        }
    }

    private long expiresAt(String bucket) {
        return jdbc.sql("SELECT expires_at FROM rate_limit_buckets WHERE id = ?").param(bucket).query(Long.class).single();
    }
}
