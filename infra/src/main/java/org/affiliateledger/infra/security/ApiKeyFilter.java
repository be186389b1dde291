package org.affiliateledger.infra.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.command.apikey.ApiKeySecrets;
import org.affiliateledger.events.common.ApiCaller;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <key>} on every {@code /api/v1} request: resolves the key to its merchant, scopes and
 * rate limits (401 when missing, malformed, unknown or revoked), spends one request of the key's budget (429 when
 * it is used up; the lookup and the spending are one statement, see {@link RateLimitWindows}) and checks the scope the request needs (403). The budget comes before the scope so that every
 * response to a known key, 403 included, counts and carries the rate-limit headers.
 */
@Component
@Order(FilterOrder.AUTHENTICATION)
public class ApiKeyFilter extends OncePerRequestFilter {
    private static final String BEARER = "Bearer ";
    private final RateLimitWindows windows;
    private final Problems problems;
    private final RateLimiter rateLimiter;
    private final RequestAudit audit;

    public ApiKeyFilter(RateLimitWindows windows, Problems problems, RateLimiter rateLimiter, RequestAudit audit) {
        this.windows = windows;
        this.problems = problems;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the OpenAPI document and its page are readable without a key
        return !request.getRequestURI().startsWith("/api/v1/") || PublicPaths.matches(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "missing API key: send Authorization: Bearer <key>");
            return;
        }
        Optional<RateLimitWindows.Admission> key = authenticate(header.substring(BEARER.length()).strip(), request.getMethod());
        if (key.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid_api_key", "invalid or revoked API key");
            return;
        }
        ApiCaller caller = key.get().caller();
        try {
            if (!rateLimiter.admit(request, response, key.get().window())) {
                return;
            }
            String missing = Scopes.missingFor(request.getMethod(), request.getRequestURI(), caller.scopes());
            if (missing != null) {
                problems.write(request, response, HttpStatus.FORBIDDEN, "missing_scope", "this API key lacks the '" + missing
                        + "' scope needed for " + request.getMethod() + " " + request.getRequestURI());
                return;
            }
            request.setAttribute(ApiCaller.ATTRIBUTE, caller);
            request.setAttribute(RateLimitPolicy.ATTRIBUTE, key.get().limits());
            chain.doFilter(request, response);
        } finally {
            audit.record(new RequestAudit.Entry(caller.merchantId(), caller.keyId(), Instant.now(),
                    request.getMethod(), request.getRequestURI(), response.getStatus(), request.getRemoteAddr()));
        }
    }

    /** The key's row is read on every request (with its window, in one statement): a revocation applies at once everywhere. */
    private Optional<RateLimitWindows.Admission> authenticate(String key, String method) {
        if (!ApiKeySecrets.wellFormed(key)) {
            return Optional.empty();
        }
        return windows.admit(ApiKeySecrets.hash(key), RateLimitPolicy.reads(method));
    }
}
