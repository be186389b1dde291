package org.affiliateledger.events.merchant;

/** Creates a merchant (tenant) together with its first admin API key, in one transaction. */
public record OnboardMerchant(String merchantId, String name, String keyId, String keyPrefix, String keySecretHash) {
}
