package org.affiliateledger.infra.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.infra.security.FilterOrder;
import org.affiliateledger.infra.security.RequestAudit;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The dashboard's gate, on every {@code /ui} request: security headers (a Content-Security-Policy that allows no inline
 * script, no framing), then the session cookie (unknown or expired: back to sign-in), then for every state-changing
 * request the session's CSRF token and the scope the action needs — the signed-in key's scopes govern the dashboard as
 * they govern the API, so a {@code read} key's forged POST is a 403 whatever the page showed.
 */
@Component
@Order(FilterOrder.UI_SESSION)
public class UiSessionFilter extends OncePerRequestFilter {
    public static final String COOKIE = "ledger_ui";
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final UiSessions sessions;
    private final RequestAudit audit;

    public UiSessionFilter(UiSessions sessions, RequestAudit audit) {
        this.sessions = sessions;
        this.audit = audit;
    }

    static boolean isDashboard(String uri) {
        return uri.equals("/ui") || uri.startsWith("/ui/");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isDashboard(request.getRequestURI()) && !request.getRequestURI().startsWith("/webjars/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        secureHeaders(response);
        String uri = request.getRequestURI();
        if (uri.startsWith("/webjars/") || uri.startsWith("/ui/assets/") || uri.equals("/ui/login")) {
            chain.doFilter(request, response); // sign-in checks its own form token (UiLoginController)
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        Optional<UiSession> found = sessions.find(cookie(request, COOKIE));
        boolean safe = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (found.isEmpty()) {
            if (safe) {
                String back = uri + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                String login = "/ui/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
                if (request.getHeader("HX-Request") != null) {
                    response.setHeader("HX-Redirect", login);
                    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                } else {
                    response.sendRedirect(login);
                }
            } else {
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Signed out",
                        "Your session has ended (signed out, expired, or its API key was revoked). Sign in again.");
            }
            return;
        }
        UiSession session = found.get();
        if (!safe) {
            String token = request.getHeader(CSRF_HEADER) != null ? request.getHeader(CSRF_HEADER) : request.getParameter(CSRF_FIELD);
            if (!UiSessions.sameToken(session.csrfToken(), token)) {
                refuse(response, HttpServletResponse.SC_FORBIDDEN, "Refused",
                        "This form is not one this session issued (missing or wrong CSRF token). Reload the page and try again.");
                return;
            }
            String missing = UiScopes.missingFor(uri, session);
            if (missing != null) {
                audit.recordDashboard(session.merchantId(), session.keyId(), request.getMethod(), uri, 403, request.getRemoteAddr());
                refuse(response, HttpServletResponse.SC_FORBIDDEN, "Not allowed",
                        "The API key this session signed in with lacks the '" + missing + "' scope this action needs.");
                return;
            }
        }
        request.setAttribute(UiSession.ATTRIBUTE, session);
        request.setAttribute(ApiCaller.ATTRIBUTE, session.caller());
        try {
            chain.doFilter(request, response);
        } finally {
            if (!safe) {
                audit.recordDashboard(session.merchantId(), session.keyId(), request.getMethod(), uri, response.getStatus(),
                        request.getRemoteAddr());
            }
        }
    }

    static void secureHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
    }

    static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** A plain page for refusals made before any controller runs (no template engine needed, nothing inline). */
    static void refuse(HttpServletResponse response, int status, String title, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + " · Affiliate Ledger</title><link rel=\"stylesheet\" href=\"/ui/assets/app.css\"></head><body class=\"refusal\">"
                + "<main><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p id=\"refusal\">" + HtmlUtils.htmlEscape(message)
                + "</p><p><a href=\"/ui\">Back to the dashboard</a></p></main></body></html>");
    }
}
