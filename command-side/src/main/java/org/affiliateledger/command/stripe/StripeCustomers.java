package org.affiliateledger.command.stripe;

import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.command.support.ConcurrentChanges;
import org.affiliateledger.events.stripe.AttributeStripeCustomer;
import org.affiliateledger.events.stripe.StripeCustomerAttributed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Stripe customer → affiliate, as {@link StripeCustomer} attributions in the event history: what a notice says is
 * sent to the customer's attribution, which decides; who referred a customer is read from its events.
 */
@Component
public class StripeCustomers {
    private static final int ATTEMPTS = 5;
    private final CommandGateway commands;
    private final Repository<StripeCustomer> customers;

    public StripeCustomers(CommandGateway commands, Repository<StripeCustomer> stripeCustomerRepository) {
        this.commands = commands;
        this.customers = stripeCustomerRepository;
    }

    /** What a Stripe notice dated {@code effectiveAt} says about the customer; answers whether it changed who referred it. */
    public boolean learn(AttributeStripeCustomer command, Instant effectiveAt) {
        Boolean changed = ConcurrentChanges.retrying(ATTEMPTS,
                () -> commands.sendAndWait(AuditedCommands.effective(effectiveAt, command)));
        return Boolean.TRUE.equals(changed);
    }

    /** The affiliate the customer's attribution names; empty for a customer nobody referred (as far as we know). */
    public Optional<String> affiliateOf(String merchantId, String customerId) {
        String id = StripeCustomerAttributed.idOf(merchantId, customerId);
        ResultMessage<String> read = DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> {
            try {
                return customers.load(id).invoke(StripeCustomer::affiliateId);
            } catch (AggregateNotFoundException e) {
                return null;
            }
        });
        if (read.isExceptional()) {
            throw read.exceptionResult() instanceof RuntimeException e ? e : new IllegalStateException(read.exceptionResult());
        }
        return Optional.ofNullable(read.getPayload());
    }

    /** The command for a customer of {@code merchantId}. */
    public static AttributeStripeCustomer attribution(String merchantId, String customerId, String affiliateId, String source,
                                                      String decidedBy, String affiliateReference, String affiliateSessionId,
                                                      Instant learnedAt) {
        return new AttributeStripeCustomer(StripeCustomerAttributed.idOf(merchantId, customerId), merchantId, customerId,
                affiliateId, source, decidedBy, affiliateReference, affiliateSessionId, learnedAt);
    }
}
