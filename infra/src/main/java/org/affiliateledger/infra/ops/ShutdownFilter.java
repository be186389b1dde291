package org.affiliateledger.infra.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.infra.security.FilterOrder;
import org.affiliateledger.infra.security.Problems;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Graceful shutdown (SIGTERM): from the moment the ledger starts stopping, a request that arrives is answered 503
 * {@code shutting_down} with {@code Retry-After} and {@code Connection: close} (a load balancer sends the retry to
 * another node), while the requests already in flight finish, for up to {@code LEDGER_SHUTDOWN_TIMEOUT}; then the
 * processors release their claims and the pool closes. Health probes still answer (readiness reports the refusal).
 */
@Component
@Order(FilterOrder.REQUEST_ID + 5)
public class ShutdownFilter extends OncePerRequestFilter implements ApplicationListener<ContextClosedEvent> {
    private final Problems problems;
    private volatile boolean stopping;

    public ShutdownFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopping = true;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !stopping || request.getRequestURI().startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        response.setHeader(HttpHeaders.CONNECTION, "close");
        problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "shutting_down",
                "this ledger node is shutting down; retry (another node, or this one once restarted, will answer)");
    }
}
