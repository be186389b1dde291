package org.affiliateledger.infra.ui;

/**
 * The scope a dashboard action needs, as its API twin would: program settings and API keys need {@code admin}, every
 * other change {@code write}; reading needs {@code read}, which every key has. A projection rebuild needs {@code admin}
 * besides the operator's token.
 */
final class UiScopes {
    private UiScopes() {
    }

    /** @return the scope the session's key lacks for this state-changing request, or null when allowed */
    static String missingFor(String uri, UiSession session) {
        if (uri.equals("/ui/logout") || uri.equals("/ui/history/verify") || uri.equals("/ui/projections/status")) {
            return null; // verify and the projections' status read only, behind the admin token
        }
        if (uri.startsWith("/ui/settings") || uri.startsWith("/ui/webhooks/endpoints") || uri.startsWith("/ui/projections")) {
            return session.mayAdminister() ? null : "admin";
        }
        return session.mayWrite() ? null : "write";
    }
}
