package org.affiliateledger.infra.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * One Bucket4j bucket per API key, request class (read/write) and limit. Bandwidth: capacity N refilled
 * <em>intervally</em>, N tokens at once every minute counted from the bucket's first use; that is a fixed one-minute
 * window per key, so "N per minute" holds for every window, {@code X-RateLimit-Reset} stays put within a window,
 * and the (N+1)th request of a window is refused deterministically. The limit is part of the bucket's id: when
 * a key's limit changes, it gets a fresh bucket under the new limit instead of one configured for the old one.
 */
@Component
public class RateLimitBuckets {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(RateLimitBuckets.class);
    private static final int CLEANUP_BATCH = 1000;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    public RateLimitBuckets(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
        this.buckets = buckets;
    }

    /** Takes one token if there is one; one short transaction on the bucket's row either way. */
    public ConsumptionProbe take(String keyId, String requestClass, int perMinute) {
        return buckets.builder()
                .build(keyId + "/" + requestClass + "/" + perMinute, () -> configuration(perMinute))
                .tryConsumeAndReturnRemaining(1);
    }

    private static BucketConfiguration configuration(int perMinute) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillIntervally(perMinute, WINDOW).build())
                .build();
    }

    /** Rows of buckets nobody used for a while; SKIP LOCKED keeps the nodes' cleanups out of each other's way. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
    void removeExpired() {
        int removed;
        int total = 0;
        do {
            removed = buckets.removeExpired(CLEANUP_BATCH);
            total += removed;
        } while (removed == CLEANUP_BATCH);
        log.debug("removed {} expired rate-limit buckets", total);
    }
}
