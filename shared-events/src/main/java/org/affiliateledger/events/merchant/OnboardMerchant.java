package org.affiliateledger.events.merchant;

import org.jspecify.annotations.Nullable;

/**
 * Creates a merchant (tenant) together with its first admin API key, in one transaction. {@code currency} is the
 * program currency (ISO-4217, upper case); null means USD.
 */
public record OnboardMerchant(String merchantId, String name, @Nullable String currency, String keyId, String keyPrefix,
                              String keySecretHash) {

    /** A USD program. */
    public OnboardMerchant(String merchantId, String name, String keyId, String keyPrefix, String keySecretHash) {
        this(merchantId, name, null, keyId, keyPrefix, keySecretHash);
    }
}
