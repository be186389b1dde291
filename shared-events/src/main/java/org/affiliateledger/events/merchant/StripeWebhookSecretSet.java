package org.affiliateledger.events.merchant;

/** Only the fact and the last four characters: the secret itself is kept encrypted outside the event store. null = removed. */
public record StripeWebhookSecretSet(String merchantId, String last4) {
}
