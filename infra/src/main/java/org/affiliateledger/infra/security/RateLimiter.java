package org.affiliateledger.infra.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.infra.ops.LedgerMeters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;

/**
 * Answers what one request took from the caller's read or write budget (its window, {@link RateLimitWindows}) and says so in the {@code X-RateLimit-*} headers, which
 * every response of an authenticated key carries; over the limit it answers 429 problem+json with
 * {@code Retry-After} instead of letting the request through.
 */
@Component
public class RateLimiter {
    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";
    private final Problems problems;
    private final LedgerMeters meters;

    public RateLimiter(Problems problems, LedgerMeters meters) {
        this.problems = problems;
        this.meters = meters;
    }

    /**
     * Sets the headers from the window the request took from ({@link RateLimitWindows#admit}).
     *
     * @return true when the request may proceed; false when the 429 has been written
     */
    public boolean admit(HttpServletRequest request, HttpServletResponse response, RateLimitWindows.Window window)
            throws IOException {
        String requestClass = RateLimitPolicy.reads(request.getMethod()) ? "read" : "write";
        int perMinute = window.perMinute();
        long resetAt = window.resetAtEpochSecond();
        response.setHeader(LIMIT, Integer.toString(perMinute));
        response.setHeader(REMAINING, Integer.toString(window.remaining()));
        response.setHeader(RESET, Long.toString(resetAt));
        if (window.admitted()) {
            return true;
        }
        meters.rateLimited(requestClass);
        long retryAfter = window.retryAfterSeconds();
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited", ("rate limit exceeded: this API key may make %d %s "
                + "requests per minute (%s); retry after %d s (the window resets at %s)").formatted(perMinute, requestClass,
                "read".equals(requestClass) ? "GET, HEAD" : "POST, PATCH, PUT, DELETE", retryAfter, Instant.ofEpochSecond(resetAt)));
        return false;
    }
}
