package org.affiliateledger.events.apikey;

import java.util.List;

/** Only the SHA-256 of the secret is ever recorded; the plaintext is shown once to the caller. */
public record ApiKeyIssued(String keyId, String merchantId, String name, String prefix, String secretHash,
                           List<String> scopes, RateLimits rateLimits, String issuedBy) {
}
