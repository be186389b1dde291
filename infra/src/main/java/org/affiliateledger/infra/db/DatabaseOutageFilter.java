package org.affiliateledger.infra.db;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.infra.security.FilterOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;

/**
 * The filters that run before Spring MVC (API keys and rate-limit windows, idempotency records) read and write
 * PostgreSQL too: a database outage they run into is answered here, 503 with {@code Retry-After}, instead of
 * reaching the container's error page as a 500. What Spring MVC itself handles is answered by {@code ProblemAdvice}.
 */
@Component
@Order(FilterOrder.DATABASE_OUTAGE)
public class DatabaseOutageFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);
    private final JsonMapper json;

    public DatabaseOutageFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (!DatabaseOutages.isOutage(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("{} {} answered 503: the database is unavailable ({})", request.getMethod(), request.getRequestURI(), rootMessage(e));
            response.resetBuffer();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            var problem = DatabaseUnavailable.problem();
            problem.setInstance(URI.create(request.getRequestURI()));
            json.writeValue(response.getOutputStream(), problem);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
