package org.affiliateledger.events.merchant;

/** A new merchant's program starts with the default rate and currency recorded here. */
public record MerchantCreated(String merchantId, String name, String defaultRate, String currency) {
}
