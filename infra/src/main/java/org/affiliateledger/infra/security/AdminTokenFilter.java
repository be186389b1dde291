package org.affiliateledger.infra.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.infra.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Operator endpoints under {@code /admin/v1}, and the Prometheus scrape {@value #PROMETHEUS}, answer only to
 * {@code Authorization: Bearer <LEDGER_ADMIN_TOKEN>}.
 */
@Component
@Order(FilterOrder.AUTHENTICATION)
public class AdminTokenFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AdminTokenFilter.class);
    public static final String PROMETHEUS = "/actuator/prometheus";
    private final byte[] token;
    private final Problems problems;

    public AdminTokenFilter(LedgerProperties properties, Problems problems) {
        this.problems = problems;
        String configured = properties.adminToken();
        if (configured == null || configured.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            configured = "adm_" + HexFormat.of().formatHex(random);
            log.warn("LEDGER_ADMIN_TOKEN is not set; generated an admin token for this run only: {}", configured);
        }
        this.token = configured.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code presented} is the operator's token (constant-time): the dashboard's operator forms check it here. */
    public boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.strip().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !uri.startsWith("/admin/") && !uri.startsWith(PROMETHEUS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        byte[] presented = header != null && header.startsWith("Bearer ")
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, presented)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid_admin_token", "admin endpoints need Authorization: Bearer <LEDGER_ADMIN_TOKEN>");
            return;
        }
        chain.doFilter(request, response);
    }
}
