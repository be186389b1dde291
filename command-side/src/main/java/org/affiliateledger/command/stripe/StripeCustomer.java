package org.affiliateledger.command.stripe;

import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.stripe.AttributeStripeCustomer;
import org.affiliateledger.events.stripe.StripeCustomerAttributed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.affiliateledger.events.stripe.StripeCustomerAttributed.CHECKOUT;
import static org.affiliateledger.events.stripe.StripeCustomerAttributed.CUSTOMER_METADATA;
import static org.affiliateledger.events.stripe.StripeCustomerAttributed.FIRST_SALE;

/**
 * Who referred a Stripe customer, as the ledger learned it from Stripe: the affiliate every later {@code invoice.paid}
 * of that customer is credited to. Its history says which notice decided it, so a renewal's attribution can be
 * explained and replayed.
 */
@Aggregate(repository = "stripeCustomerRepository")
public class StripeCustomer {
    private static final Set<String> SOURCES = Set.of(CUSTOMER_METADATA, CHECKOUT, FIRST_SALE);

    @AggregateIdentifier
    private String stripeCustomerId;
    private String affiliateId;
    private String source;
    private Instant learnedAt;

    protected StripeCustomer() {
    }

    /**
     * The customer's own metadata wins over what its checkout or first sale implied, and newer metadata over older
     * (Stripe does not order its notices); a checkout or sale only attributes a customer nobody referred yet.
     * Saying again what is known records nothing.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(AttributeStripeCustomer command) {
        if (!SOURCES.contains(command.source())) {
            throw new InvalidRequestException("unknown attribution source \"" + command.source() + "\"");
        }
        if (affiliateId != null && !(metadataIsTheCustomersOwnWord(command) && newerMetadataWins(command))) {
            return false;
        }
        if (command.affiliateId().equals(affiliateId) && command.source().equals(source)) {
            return false;
        }
        apply(new StripeCustomerAttributed(command.merchantId(), command.customerId(), command.affiliateId(),
                command.source(), command.decidedBy(), command.affiliateReference(), command.affiliateSessionId(),
                command.learnedAt(), affiliateId));
        return true;
    }

    /** Only the customer's own metadata replaces an attribution; a checkout or sale never does. */
    private static boolean metadataIsTheCustomersOwnWord(AttributeStripeCustomer command) {
        return CUSTOMER_METADATA.equals(command.source());
    }

    /** Metadata replaces what a checkout or sale implied, and older metadata; never newer metadata. */
    private boolean newerMetadataWins(AttributeStripeCustomer command) {
        return !CUSTOMER_METADATA.equals(source) || !command.learnedAt().isBefore(learnedAt);
    }

    String affiliateId() {
        return affiliateId;
    }

    @EventSourcingHandler
    void on(StripeCustomerAttributed event) {
        stripeCustomerId = StripeCustomerAttributed.idOf(event.merchantId(), event.customerId());
        affiliateId = event.affiliateId();
        source = event.source();
        learnedAt = event.learnedAt();
    }
}
