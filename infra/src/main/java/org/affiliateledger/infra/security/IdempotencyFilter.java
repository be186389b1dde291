package org.affiliateledger.infra.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.infra.web.CachedBodyRequest;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on any POST: the same key with the same request replays the stored response (header
 * {@code Idempotent-Replayed: true}); with a different request it is a 422; while the first is still running, a 409.
 * Keys are scoped to the API key and kept 24 hours. Responses of 5xx are not kept, so a retry runs again.
 */
@Component
@Order(FilterOrder.IDEMPOTENCY)
public class IdempotencyFilter extends OncePerRequestFilter {
    static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private final IdempotencyStore store;
    private final Problems problems;

    public IdempotencyFilter(IdempotencyStore store, Problems problems) {
        this.store = store;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !(request.getAttribute(ApiCaller.ATTRIBUTE) instanceof ApiCaller);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!VALID_KEY.matcher(key).matches()) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "invalid_idempotency_key",
                    "Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice)");
            return;
        }
        ApiCaller caller = (ApiCaller) request.getAttribute(ApiCaller.ATTRIBUTE);
        IdempotencyStore.Claim claim = store.claim(caller.keyId(), key, fingerprint(request));
        if (claim instanceof IdempotencyStore.Granted) {
            runFirst(request, response, chain, caller.keyId(), key);
        } else if (claim instanceof IdempotencyStore.Replay replay) {
            replay(response, replay);
        } else if (claim instanceof IdempotencyStore.Mismatch) {
            problems.write(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                    "Idempotency-Key " + key + " was already used with a different request; use a new key for a new request");
        } else if (claim instanceof IdempotencyStore.InProgress) {
            problems.write(request, response, HttpStatus.CONFLICT, "idempotency_in_progress",
                    "a request with Idempotency-Key " + key + " is still being processed; retry shortly");
        }
    }

    private void runFirst(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String keyId,
                          String key) throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(request, captured);
            if (captured.getStatus() < 500) {
                store.complete(keyId, key, captured.getStatus(), captured.getContentType(),
                        captured.getHeader(HttpHeaders.LOCATION), captured.getContentAsByteArray());
                completed = true;
            }
        } finally {
            if (!completed) {
                store.release(keyId, key);
            }
            captured.copyBodyToResponse();
        }
    }

    private static void replay(HttpServletResponse response, IdempotencyStore.Replay replay) throws IOException {
        response.setStatus(replay.status());
        response.setHeader("Idempotent-Replayed", "true");
        if (replay.contentType() != null) {
            response.setContentType(replay.contentType());
        }
        if (replay.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, replay.location());
        }
        if (replay.body() != null) {
            response.getOutputStream().write(replay.body());
        }
    }

    /** Method, path, query and body: what makes two requests "the same". */
    private static String fingerprint(HttpServletRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            CachedBodyRequest cached = WebUtils.getNativeRequest(request, CachedBodyRequest.class);
            if (cached == null) {
                throw new IllegalStateException("BodyLimitFilter must run before IdempotencyFilter");
            }
            sha.update(cached.body());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
