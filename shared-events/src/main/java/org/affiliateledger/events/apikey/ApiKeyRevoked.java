package org.affiliateledger.events.apikey;

public record ApiKeyRevoked(String keyId, String merchantId, String revokedBy) {
}
