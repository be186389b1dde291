package org.affiliateledger.command.stripe;

import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.command.support.ConcurrentChanges;
import org.affiliateledger.events.stripe.AttributeStripeCheckout;
import org.affiliateledger.events.stripe.StripeCheckoutAttributed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Payment intent → affiliate from a Checkout Session, as {@link StripeCheckout} attributions in the event history:
 * what a checkout says is sent to the payment intent's attribution, which decides; a sale reads it from its events.
 */
@Component
public class StripeCheckouts {
    private static final int ATTEMPTS = 5;
    private final CommandGateway commands;
    private final Repository<StripeCheckout> checkouts;

    public StripeCheckouts(CommandGateway commands, Repository<StripeCheckout> stripeCheckoutRepository) {
        this.commands = commands;
        this.checkouts = stripeCheckoutRepository;
    }

    /** What a checkout notice dated {@code effectiveAt} says; answers whether it changed the payment intent's attribution. */
    public boolean learn(AttributeStripeCheckout command, Instant effectiveAt) {
        Boolean changed = ConcurrentChanges.retrying(ATTEMPTS,
                () -> commands.sendAndWait(AuditedCommands.effective(effectiveAt, command)));
        return Boolean.TRUE.equals(changed);
    }

    /** The affiliate and click session the payment intent's checkout named; empty when no checkout attributed it. */
    public Optional<StripeAttributions.CheckoutAttribution> attributionOf(String merchantId, String paymentIntentId) {
        String id = StripeCheckoutAttributed.idOf(merchantId, paymentIntentId);
        ResultMessage<StripeAttributions.CheckoutAttribution> read = DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> {
            try {
                return checkouts.load(id).invoke(StripeCheckout::attribution);
            } catch (AggregateNotFoundException e) {
                return null;
            }
        });
        if (read.isExceptional()) {
            throw read.exceptionResult() instanceof RuntimeException e ? e : new IllegalStateException(read.exceptionResult());
        }
        return Optional.ofNullable(read.getPayload());
    }

    public static AttributeStripeCheckout attribution(String merchantId, String paymentIntentId, String checkoutSessionId,
                                                      String affiliateId, String affiliateReference, String affiliateSessionId) {
        return new AttributeStripeCheckout(StripeCheckoutAttributed.idOf(merchantId, paymentIntentId), merchantId,
                paymentIntentId, checkoutSessionId, affiliateId, affiliateReference, affiliateSessionId);
    }
}
