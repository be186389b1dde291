package org.affiliateledger.infra.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** The batching lives in the proxy, so one limiter per bucket is kept (emptied with each cleanup, which bounds it). */
    private final Map<String, Limiter> limiters = new ConcurrentHashMap<>();

    public RateLimitBuckets(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
        this.buckets = buckets;
    }

    /**
     * Takes one token if there is one. Batching: while one transaction on a bucket's row is in flight, this node's
     * other requests for the same bucket wait and then go together as one command (one transaction for all of them,
     * each still told exactly whether it got a token). Without it, every request of a busy key queued on the row lock
     * for a transaction of its own (the largest wait on the write path in the W benchmark's profile).
     */
    public ConsumptionProbe take(String keyId, String requestClass, int perMinute) {
        String id = keyId + "/" + requestClass + "/" + perMinute;
        return limiters.computeIfAbsent(id, bucket -> new Limiter(
                        buckets.builder().withOptimization(Optimizations.batching()).build(bucket, () -> configuration(perMinute)),
                        buckets.builder().build(bucket, () -> configuration(perMinute))))
                .take();
    }

    /**
     * Bucket4j 8.14 (and 8.18) batching fails a whole batch with {@link BucketNotFoundException} when the bucket's row
     * does not exist (a key's first requests arriving together, or a row another node's cleanup removed after two idle
     * minutes) instead of creating it, which answered 500. The requests of such a batch are taken again unbatched, which
     * creates the row. At worst a request whose token the failed batch did take is counted twice (refused a request
     * early, never let through uncounted); RateLimitBucketsTest covers both cases.
     */
    private record Limiter(BucketProxy batched, BucketProxy unbatched) {
        ConsumptionProbe take() {
            try {
                return batched.tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                if (!bucketWasMissing(e)) {
                    throw e;
                }
                log.debug("a rate-limit bucket had no row when its batch ran; taking the token unbatched");
                return unbatched.tryConsumeAndReturnRemaining(1);
            }
        }

        private static boolean bucketWasMissing(Throwable error) {
            for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
                if (t instanceof BucketNotFoundException) {
                    return true;
                }
            }
            return false;
        }
    }

    private static BucketConfiguration configuration(int perMinute) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillIntervally(perMinute, WINDOW).build())
                .build();
    }

    /** Rows of buckets nobody used for a while; SKIP LOCKED keeps the nodes' cleanups out of each other's way. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
    void removeExpired() {
        limiters.clear();
        int removed;
        int total = 0;
        do {
            removed = buckets.removeExpired(CLEANUP_BATCH);
            total += removed;
        } while (removed == CLEANUP_BATCH);
        log.debug("removed {} expired rate-limit buckets", total);
    }
}
