package org.affiliateledger.command.stripe;

import org.affiliateledger.events.stripe.AttributeStripeCheckout;
import org.affiliateledger.events.stripe.StripeCheckoutAttributed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Who a payment intent's Checkout Session says referred it, for a sale of that payment intent whose own metadata names
 * nobody. Its history says which checkout decided it.
 */
@Aggregate(repository = "stripeCheckoutRepository")
public class StripeCheckout {
    @AggregateIdentifier
    private String stripeCheckoutId;
    private String checkoutSessionId;
    private String affiliateId;
    private String affiliateSessionId;

    protected StripeCheckout() {
    }

    /** The latest checkout of a payment intent names its affiliate; a redelivered checkout notice records nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(AttributeStripeCheckout command) {
        if (command.affiliateId().equals(affiliateId) && Objects.equals(command.checkoutSessionId(), checkoutSessionId)
                && Objects.equals(command.affiliateSessionId(), affiliateSessionId)) {
            return false;
        }
        apply(new StripeCheckoutAttributed(command.merchantId(), command.paymentIntentId(), command.checkoutSessionId(),
                command.affiliateId(), command.affiliateReference(), command.affiliateSessionId()));
        return true;
    }

    StripeAttributions.CheckoutAttribution attribution() {
        return new StripeAttributions.CheckoutAttribution(affiliateId, affiliateSessionId);
    }

    @EventSourcingHandler
    void on(StripeCheckoutAttributed event) {
        stripeCheckoutId = StripeCheckoutAttributed.idOf(event.merchantId(), event.paymentIntentId());
        checkoutSessionId = event.checkoutSessionId();
        affiliateId = event.affiliateId();
        affiliateSessionId = event.affiliateSessionId();
    }
}
