package org.affiliateledger.events.stripe;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * What a Stripe notice says about who referred a Stripe customer; the customer's attribution decides whether it
 * changes (see {@link StripeCustomerAttributed}). Answers whether it did.
 *
 * @param stripeCustomerId   the attribution's id: {@link StripeCustomerAttributed#idOf}
 * @param source             {@value StripeCustomerAttributed#CUSTOMER_METADATA}, {@value StripeCustomerAttributed#CHECKOUT}
 *                           or {@value StripeCustomerAttributed#FIRST_SALE}
 * @param decidedBy          the Stripe object that said so ({@code cus_…}, {@code cs_…}, {@code ch_…}); null when migrated
 * @param affiliateReference the {@code affiliate_id} metadata as given (an id or a short code), if any
 * @param affiliateSessionId the click session that attributed the checkout or sale, if any
 * @param learnedAt          the Stripe event's time, which orders metadata notices
 */
public record AttributeStripeCustomer(@TargetAggregateIdentifier String stripeCustomerId, String merchantId,
                                      String customerId, String affiliateId, String source, @Nullable String decidedBy,
                                      @Nullable String affiliateReference, @Nullable String affiliateSessionId,
                                      Instant learnedAt) {
}
