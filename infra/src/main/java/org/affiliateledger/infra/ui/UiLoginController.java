package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.infra.LedgerProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Duration;
import java.util.Optional;

/**
 * Sign-in (an API key exchanged for a server-side session) and sign-out. The key travels once, in the sign-in form's
 * POST body, and is never stored in the browser: the browser keeps only the session's random id, in an HttpOnly,
 * SameSite=Strict cookie (Secure behind HTTPS). The sign-in form carries its own token (double-submit cookie), so a
 * foreign page cannot sign a browser into another account either.
 */
@Controller
@Hidden
public class UiLoginController {
    static final String LOGIN_COOKIE = "ledger_ui_login";
    private final UiSessions sessions;
    private final boolean secureSetting;

    public UiLoginController(UiSessions sessions, LedgerProperties properties) {
        this.sessions = sessions;
        this.secureSetting = properties.ui().secureCookie();
    }

    @GetMapping("/ui/login")
    public String form(HttpServletRequest request, HttpServletResponse response, Model model,
                       @RequestParam(required = false) String next,
                       @RequestParam(name = "signed_out", required = false) String signedOut) {
        if (sessions.find(UiSessionFilter.cookie(request, UiSessionFilter.COOKIE)).isPresent()) {
            return "redirect:" + safeNext(next);
        }
        String token = UiSessions.randomToken();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, LOGIN_COOKIE, token, "/ui/login", Duration.ofHours(1)).toString());
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("loginToken", token);
        model.addAttribute("next", safeNext(next));
        model.addAttribute("signedOut", signedOut != null);
        return "ui/login";
    }

    @PostMapping("/ui/login")
    public String signIn(HttpServletRequest request, HttpServletResponse response, Model model,
                         @RequestParam(name = "api_key", required = false) String apiKey,
                         @RequestParam(name = "_login", required = false) String loginToken,
                         @RequestParam(required = false) String next) {
        String expected = UiSessionFilter.cookie(request, LOGIN_COOKIE);
        if (expected == null || !UiSessions.sameToken(expected, loginToken)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return again(request, response, model, next, "This sign-in form has expired or was not served by this ledger. Try again.");
        }
        Optional<UiSessions.Opened> opened = sessions.open(apiKey);
        if (opened.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return again(request, response, model, next, "That API key is not valid: it is unknown, mistyped or revoked.");
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, UiSessionFilter.COOKIE, opened.get().id(), "/",
                sessions.absoluteTimeout()).toString());
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, LOGIN_COOKIE, "", "/ui/login", Duration.ZERO).toString());
        return "redirect:" + safeNext(next);
    }

    @PostMapping("/ui/logout")
    public String signOut(@RequestAttribute(UiSession.ATTRIBUTE) UiSession session, HttpServletRequest request,
                          HttpServletResponse response) {
        sessions.close(session);
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, UiSessionFilter.COOKIE, "", "/", Duration.ZERO).toString());
        return "redirect:/ui/login?signed_out=1";
    }

    private String again(HttpServletRequest request, HttpServletResponse response, Model model, String next, String error) {
        String token = UiSessions.randomToken();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, LOGIN_COOKIE, token, "/ui/login", Duration.ofHours(1)).toString());
        model.addAttribute("loginToken", token);
        model.addAttribute("next", safeNext(next));
        model.addAttribute("error", error);
        model.addAttribute("signedOut", false);
        return "ui/login";
    }

    private ResponseCookie cookie(HttpServletRequest request, String name, String value, String path, Duration maxAge) {
        return ResponseCookie.from(name, value)
                .httpOnly(true)
                .sameSite("Strict")
                .secure(secureSetting || request.isSecure())
                .path(path)
                .maxAge(maxAge)
                .build();
    }

    /** Only a dashboard path of this ledger: never another site (an open redirect) nor a protocol-relative URL. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/ui") || next.startsWith("//") || next.contains("\\") || next.contains("\n")
                || next.contains("\r")) {
            return "/ui";
        }
        return next;
    }
}
