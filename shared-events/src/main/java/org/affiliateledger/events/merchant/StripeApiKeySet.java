package org.affiliateledger.events.merchant;

/** Only the fact and the last four characters: the key itself is kept encrypted outside the event store. null = removed. */
public record StripeApiKeySet(String merchantId, String last4) {
}
