package org.affiliateledger.infra.ui;

import org.affiliateledger.events.common.ApiCaller;

import java.time.Instant;
import java.util.Set;

/**
 * A signed-in dashboard session: the merchant and API key it acts as (the key's scopes govern what it may do), and
 * the CSRF token its forms must send back.
 */
public record UiSession(String idHash, String merchantId, String keyId, Set<String> scopes, String csrfToken,
                        Instant expiresAt) {
    public static final String ATTRIBUTE = "org.affiliateledger.ui.session";

    public ApiCaller caller() {
        return new ApiCaller(keyId, merchantId, scopes);
    }

    public boolean mayWrite() {
        return scopes.contains("write") || mayAdminister();
    }

    public boolean mayAdminister() {
        return scopes.contains("admin") || scopes.contains("*");
    }
}
