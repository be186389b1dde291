package org.affiliateledger.infra.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.infra.LedgerProperties;
import org.affiliateledger.infra.security.FilterOrder;
import org.affiliateledger.infra.security.Problems;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies are capped ({@code LEDGER_MAX_BODY_BYTES}, 64 KiB by default): a larger one is a 413 before any
 * work is done, whether it declares its length or streams it. The body is kept in memory for the filters after this.
 */
@Component
@Order(FilterOrder.BODY_LIMIT)
public class BodyLimitFilter extends OncePerRequestFilter {
    private final int apiMaxBytes;
    private final int stripeMaxBytes;
    private final Problems problems;

    /** Stripe's events (invoices with many lines) can be larger than an API request; they get their own cap. */
    public BodyLimitFilter(LedgerProperties properties, Problems problems) {
        this.apiMaxBytes = properties.http().maxBodyBytes();
        this.stripeMaxBytes = properties.stripe().maxBodyBytes();
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        // the dashboard's forms are parsed by Tomcat from its own stream (capped by its maxPostSize), which a cached
        // copy here would have consumed
        return !("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))
                || request.getRequestURI().equals("/ui") || request.getRequestURI().startsWith("/ui/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int maxBytes = request.getRequestURI().startsWith("/stripe/webhooks/") ? stripeMaxBytes : apiMaxBytes;
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(request, response, maxBytes);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            tooLarge(request, response, maxBytes);
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, int maxBytes) throws IOException {
        response.setHeader("Connection", "close");
        problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "body_too_large",
                "request body is larger than " + maxBytes + " bytes");
    }
}
