package org.affiliateledger.events.apikey;

public record ApiKeyLimitsChanged(String keyId, String merchantId, RateLimits rateLimits, String changedBy) {
}
