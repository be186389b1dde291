package org.affiliateledger.events.stripe;

import org.jspecify.annotations.Nullable;

/**
 * The Checkout Session {@code checkoutSessionId} attributed its payment intent to {@code affiliateId}: a sale of that
 * payment intent whose own metadata names nobody is credited to it, with the checkout's click session
 * ({@code affiliateSessionId}). {@code affiliateReference} is the metadata value or client reference the checkout
 * carried; null for attributions migrated from the table that kept them before they were events.
 */
public record StripeCheckoutAttributed(String merchantId, String paymentIntentId, @Nullable String checkoutSessionId,
                                       String affiliateId, @Nullable String affiliateReference,
                                       @Nullable String affiliateSessionId) {

    /** The id of a payment intent's checkout attribution: one per merchant and payment intent. */
    public static String idOf(String merchantId, String paymentIntentId) {
        return merchantId + "/" + paymentIntentId;
    }
}
