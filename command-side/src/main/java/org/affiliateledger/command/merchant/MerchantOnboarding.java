package org.affiliateledger.command.merchant;

import org.affiliateledger.command.apikey.ApiKey;
import org.affiliateledger.events.apikey.IssueApiKey;
import org.affiliateledger.events.apikey.RateLimits;
import org.affiliateledger.events.merchant.CreateMerchant;
import org.affiliateledger.events.merchant.OnboardMerchant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Coordinates {@link OnboardMerchant}: creates the merchant ({@link CreateMerchant}) and its first full-access key
 * ({@link IssueApiKey}) in one unit of work, so there is never a merchant nobody can reach.
 */
@Component
public class MerchantOnboarding {
    private final Repository<Merchant> merchants;
    private final Repository<ApiKey> apiKeys;

    public MerchantOnboarding(Repository<Merchant> merchantRepository, Repository<ApiKey> apiKeyRepository) {
        this.merchants = merchantRepository;
        this.apiKeys = apiKeyRepository;
    }

    @CommandHandler
    public String handle(OnboardMerchant command) throws Exception {
        merchants.newInstance(() -> new Merchant(new CreateMerchant(command.merchantId(), command.name(), command.currency())));
        apiKeys.newInstance(() -> new ApiKey(new IssueApiKey(command.keyId(), command.merchantId(), "default",
                command.keyPrefix(), command.keySecretHash(), List.of("*"), RateLimits.DEFAULTS, "operator")));
        return command.merchantId();
    }
}
