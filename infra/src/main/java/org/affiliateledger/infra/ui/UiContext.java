package org.affiliateledger.infra.ui;

import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.util.List;

/**
 * What every dashboard page needs besides its own data (the model attribute {@code ui}): who is signed in, what the
 * key may do, the CSRF token for forms, the "as of" instant of a past view, and the navigation. Links built with
 * {@link #link} keep the past view across screens.
 *
 * @param asOf the instant of a past view ({@code ?as_of=}), or null for the present
 */
public record UiContext(UiSession session, String path, Instant asOf, List<NavItem> nav) {
    public static final String ATTRIBUTE = "ui";

    public record NavItem(String label, String href, boolean active) {
    }

    static final List<String[]> SCREENS = List.of(
            new String[]{"Overview", "/ui"},
            new String[]{"Affiliates", "/ui/affiliates"},
            new String[]{"Conversions", "/ui/conversions"},
            new String[]{"Commissions", "/ui/commissions"},
            new String[]{"Payouts", "/ui/payouts"},
            new String[]{"Webhooks", "/ui/webhooks"},
            new String[]{"History", "/ui/history"},
            new String[]{"Finance", "/ui/finance"},
            new String[]{"Settings", "/ui/settings"});

    static UiContext of(UiSession session, String path, Instant asOf) {
        UiContext base = new UiContext(session, path, asOf, List.of());
        List<NavItem> nav = SCREENS.stream()
                .map(screen -> new NavItem(screen[0], base.link(screen[1]),
                        screen[1].equals("/ui") ? path.equals("/ui") || path.equals("/ui/") : path.startsWith(screen[1])))
                .toList();
        return new UiContext(session, path, asOf, nav);
    }

    public boolean signedIn() {
        return session != null;
    }

    public boolean pastView() {
        return asOf != null;
    }

    /** Write actions are shown only to a key that may write, and never in a past view. */
    public boolean canWrite() {
        return session != null && session.mayWrite() && asOf == null;
    }

    public boolean canAdminister() {
        return session != null && session.mayAdminister() && asOf == null;
    }

    public String csrf() {
        return session == null ? "" : session.csrfToken();
    }

    public String merchantId() {
        return session == null ? null : session.merchantId();
    }

    public String keyId() {
        return session == null ? null : session.keyId();
    }

    public String scopes() {
        return session == null ? "" : String.join(" ", new java.util.TreeSet<>(session.scopes()));
    }

    public String asOfText() {
        return asOf == null ? null : asOf.toString();
    }

    /** {@code path} with the past view's {@code as_of} kept. */
    public String link(String target) {
        if (asOf == null) {
            return target;
        }
        return UriComponentsBuilder.fromUriString(target).replaceQueryParam("as_of", asOf.toString()).build().encode().toUriString();
    }

    /** This page in the present (the past view's "back to now"). */
    public String presentLink() {
        return path;
    }
}
