package org.affiliateledger.command.merchant;

import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Changes the program settings and, in the same transaction, keeps the sealed Stripe secrets in the command side's
 * {@code merchant_secret} table: the event store learns only that a secret was set and its last four characters.
 */
@Component
public class ProgramSettingsChange {
    private final Repository<Merchant> merchants;
    private final MerchantSecrets secrets;

    public ProgramSettingsChange(Repository<Merchant> merchantRepository, MerchantSecrets secrets) {
        this.merchants = merchantRepository;
        this.secrets = secrets;
    }

    @CommandHandler
    public ProgramSettings handle(ChangeProgramSettings command) throws Exception {
        ProgramSettings settings = merchants.load(command.merchantId()).invoke(m -> m.change(command));
        if (command.stripeWebhookSecret() != null) {
            secrets.store(command.merchantId(), MerchantSecrets.STRIPE_WEBHOOK_SECRET, command.stripeWebhookSecret().sealed());
        }
        if (command.stripeApiKey() != null) {
            secrets.store(command.merchantId(), MerchantSecrets.STRIPE_API_KEY, command.stripeApiKey().sealed());
        }
        return settings;
    }
}
