package org.affiliateledger.events.common;

import java.util.Set;

/** The authenticated caller of a {@code /api/v1} request, put on the request by the API-key filter. */
public record ApiCaller(String keyId, String merchantId, Set<String> scopes) {
    public static final String ATTRIBUTE = "org.affiliateledger.caller";
}
