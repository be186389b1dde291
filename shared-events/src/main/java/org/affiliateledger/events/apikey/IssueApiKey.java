package org.affiliateledger.events.apikey;

import java.util.List;

/** @param issuedBy the key (or "operator") that asked for this one, for the audit log */
public record IssueApiKey(String keyId, String merchantId, String name, String prefix, String secretHash,
                          List<String> scopes, RateLimits rateLimits, String issuedBy) {
}
