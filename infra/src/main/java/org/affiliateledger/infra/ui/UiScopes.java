package org.affiliateledger.infra.ui;

/**
 * The scope a dashboard action needs, as its API twin would: program settings and API keys need {@code admin}, every
 * other change {@code write}; reading needs {@code read}, which every key has.
 */
final class UiScopes {
    private UiScopes() {
    }

    /** @return the scope the session's key lacks for this state-changing request, or null when allowed */
    static String missingFor(String uri, UiSession session) {
        if (uri.equals("/ui/logout") || uri.equals("/ui/history/verify")) { // verify reads only, behind the admin token
            return null;
        }
        if (uri.startsWith("/ui/settings") || uri.startsWith("/ui/webhooks/endpoints")) {
            return session.mayAdminister() ? null : "admin";
        }
        return session.mayWrite() ? null : "write";
    }
}
