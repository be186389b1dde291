package org.affiliateledger.command.merchant;

import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Keeps the sealed Stripe secrets of a {@link ChangeProgramSettings} in the command side's {@code merchant_secret}
 * table, in the transaction of the Merchant's handler and only once it accepted the change: the event store learns
 * only that a secret was set and its last four characters. Storage, not a rule, so it wraps the Merchant's
 * {@code @CommandHandler} on the command bus instead of living in the aggregate (which does no I/O).
 */
@Component
public class StripeSecretsKeeping implements MessageHandlerInterceptor<CommandMessage<?>> {
    private final MerchantSecrets secrets;

    /**
     * Axon's Spring Boot auto-configuration registers every such interceptor bean on the command bus; registering it
     * here as well ran it twice around every command (and stored each secret twice).
     */
    public StripeSecretsKeeping(MerchantSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        if (unitOfWork.getMessage().getPayload() instanceof ChangeProgramSettings command) {
            if (command.stripeWebhookSecret() != null) {
                secrets.store(command.merchantId(), MerchantSecrets.STRIPE_WEBHOOK_SECRET, command.stripeWebhookSecret().sealed());
            }
            if (command.stripeApiKey() != null) {
                secrets.store(command.merchantId(), MerchantSecrets.STRIPE_API_KEY, command.stripeApiKey().sealed());
            }
        }
        return result;
    }
}
