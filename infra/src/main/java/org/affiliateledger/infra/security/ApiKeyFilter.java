package org.affiliateledger.infra.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.events.common.ApiCaller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Authorization: Bearer <key>} on every {@code /api/v1} request: resolves the key to its merchant and
 * scopes (401 when missing, malformed, unknown or revoked) and checks the scope the request needs (403).
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {
    private static final String BEARER = "Bearer ";
    private final JdbcClient jdbc;
    private final Problems problems;

    public ApiKeyFilter(JdbcClient jdbc, Problems problems) {
        this.jdbc = jdbc;
        this.problems = problems;
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
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "missing API key: send Authorization: Bearer <key>");
            return;
        }
        Optional<ApiCaller> caller = authenticate(header.substring(BEARER.length()).strip());
        if (caller.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid or revoked API key");
            return;
        }
        String missing = Scopes.missingFor(request.getMethod(), request.getRequestURI(), caller.get().scopes());
        if (missing != null) {
            problems.write(request, response, HttpStatus.FORBIDDEN,
                    "this API key lacks the '" + missing + "' scope needed for " + request.getMethod() + " " + request.getRequestURI());
            return;
        }
        request.setAttribute(ApiCaller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private Optional<ApiCaller> authenticate(String key) {
        if (!ApiKeySecrets.wellFormed(key)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT id, merchant_id, scopes FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL")
                .param(ApiKeySecrets.hash(key))
                .query((rs, n) -> new ApiCaller(rs.getString("id"), rs.getString("merchant_id"),
                        Set.of(rs.getString("scopes").split(" "))))
                .optional();
    }
}
