package org.affiliateledger.events.stripe;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * A completed Checkout Session says who referred the payment intent it created (its own {@code affiliate_id} metadata
 * or {@code client_reference_id}); the payment intent's attribution decides whether that changes anything (see
 * {@link StripeCheckoutAttributed}). Answers whether it did.
 *
 * @param stripeCheckoutId   the attribution's id: {@link StripeCheckoutAttributed#idOf}
 * @param affiliateReference the metadata value or client reference as given (an id or a short code)
 * @param affiliateSessionId the click session the checkout carried, if any
 */
public record AttributeStripeCheckout(@TargetAggregateIdentifier String stripeCheckoutId, String merchantId,
                                      String paymentIntentId, String checkoutSessionId, String affiliateId,
                                      @Nullable String affiliateReference, @Nullable String affiliateSessionId) {
}
