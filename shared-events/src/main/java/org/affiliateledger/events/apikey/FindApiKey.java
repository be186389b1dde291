package org.affiliateledger.events.apikey;

/** Query: one of the merchant's keys as the reads show it; answers {@link ApiKeyView}, or a 404 for another merchant's key. */
public record FindApiKey(String merchantId, String keyId) {
}
