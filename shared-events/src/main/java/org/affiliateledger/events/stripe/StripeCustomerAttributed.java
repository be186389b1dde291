package org.affiliateledger.events.stripe;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * The ledger learned who referred a Stripe customer: every later {@code invoice.paid} of that customer (renewals, the
 * first charge after a trial) is credited to {@code affiliateId}. {@code source} says how it was learned: the
 * customer's own {@code affiliate_id} metadata ({@value #CUSTOMER_METADATA}: {@code customer.created/updated}, or asked
 * from Stripe), its first attributed checkout ({@value #CHECKOUT}) or its first attributed sale ({@value #FIRST_SALE});
 * {@code decidedBy} is the Stripe object that said so, {@code affiliateReference} the metadata value as given and
 * {@code affiliateSessionId} the click session, when they decided it. {@code previousAffiliateId} is the affiliate it
 * replaces (newer customer metadata wins), null for the first attribution. {@code decidedBy} is null for attributions
 * migrated from the table that kept them before they were events.
 */
public record StripeCustomerAttributed(String merchantId, String customerId, String affiliateId, String source,
                                       @Nullable String decidedBy, @Nullable String affiliateReference,
                                       @Nullable String affiliateSessionId, Instant learnedAt,
                                       @Nullable String previousAffiliateId) {
    public static final String CUSTOMER_METADATA = "customer_metadata";
    public static final String CHECKOUT = "checkout";
    public static final String FIRST_SALE = "first_sale";

    /** The id of a customer's attribution: one per merchant and Stripe customer. */
    public static String idOf(String merchantId, String customerId) {
        return merchantId + "/" + customerId;
    }
}
