package org.affiliateledger.infra.security;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.infra.ops.LedgerMeters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Spends one token of the caller's read or write budget and says so in the {@code X-RateLimit-*} headers, which
 * every response of an authenticated key carries; over the limit it answers 429 problem+json with
 * {@code Retry-After} instead of letting the request through.
 */
@Component
public class RateLimiter {
    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";
    private final RateLimitBuckets buckets;
    private final Problems problems;
    private final LedgerMeters meters;

    public RateLimiter(RateLimitBuckets buckets, Problems problems, LedgerMeters meters) {
        this.buckets = buckets;
        this.problems = problems;
        this.meters = meters;
    }

    /** @return true when the request may proceed; false when the 429 has been written */
    public boolean admit(HttpServletRequest request, HttpServletResponse response, String keyId, RateLimitPolicy policy)
            throws IOException {
        String method = request.getMethod();
        String requestClass = RateLimitPolicy.reads(method) ? "read" : "write";
        int perMinute = policy.perMinuteFor(method);
        ConsumptionProbe probe = buckets.take(keyId, requestClass, perMinute);
        long nowNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        long resetAt = ceilSeconds(nowNanos + probe.getNanosToWaitForReset());
        response.setHeader(LIMIT, Integer.toString(perMinute));
        response.setHeader(REMAINING, Long.toString(probe.getRemainingTokens()));
        response.setHeader(RESET, Long.toString(resetAt));
        if (probe.isConsumed()) {
            return true;
        }
        meters.rateLimited(requestClass);
        long retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited", ("rate limit exceeded: this API key may make %d %s "
                + "requests per minute (%s); retry after %d s (the window resets at %s)").formatted(perMinute, requestClass,
                "read".equals(requestClass) ? "GET, HEAD" : "POST, PATCH, PUT, DELETE", retryAfter, Instant.ofEpochSecond(resetAt)));
        return false;
    }

    private static long ceilSeconds(long nanos) {
        return -Math.floorDiv(-nanos, TimeUnit.SECONDS.toNanos(1));
    }
}
