package org.affiliateledger.command.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import org.affiliateledger.command.support.CommandSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Asks Stripe for a customer the ledger has not heard of (its {@code customer.created} was missed, or predates the
 * endpoint), with the merchant's own API key. The base URL is configurable ({@code ledger.stripe.api-base}) per client,
 * never through stripe-java's global state, so tests run it against a local stub.
 */
@Component
public class StripeCustomerLookup {
    private static final Logger log = LoggerFactory.getLogger(StripeCustomerLookup.class);
    private final String apiBase;

    public StripeCustomerLookup(CommandSettings settings) {
        this.apiBase = settings.stripe().apiBase();
    }

    /** The customer's {@code affiliate_id} metadata; empty when it has none, is deleted or unknown to Stripe. */
    public Optional<String> affiliateReferenceOf(String apiKey, String customerId) throws StripeException {
        StripeClient stripe = StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(apiBase)
                .setConnectTimeout(5_000)
                .setReadTimeout(10_000)
                .setMaxNetworkRetries(1)
                .build();
        try {
            Customer customer = stripe.v1().customers().retrieve(customerId);
            if (Boolean.TRUE.equals(customer.getDeleted()) || customer.getMetadata() == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(customer.getMetadata().get("affiliate_id")).filter(ref -> !ref.isBlank());
        } catch (InvalidRequestException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                log.info("Stripe does not know customer {}", customerId);
                return Optional.empty();
            }
            throw e;
        }
    }
}
