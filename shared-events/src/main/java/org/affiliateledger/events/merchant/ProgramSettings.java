package org.affiliateledger.events.merchant;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * The program settings as the merchant aggregate holds them after a change. Secrets show only whether set and their
 * last 4. {@code currencyLocked}: a conversion was recorded in the program currency, which can no longer change.
 */
public record ProgramSettings(String merchantId, String name, String defaultRate, String currency, int holdDays,
                              SecretStatus stripeWebhookSecret, SecretStatus stripeApiKey,
                              List<String> mlmTierRates, Map<String, EventReward> eventRewards,
                              @Nullable String landingUrl, int attributionWindowDays,
                              long payoutMinimumCents, @Nullable Long taxFormThresholdCents,
                              FraudRules fraudRules, List<PerformanceTier> performanceTiers,
                              boolean currencyLocked) {

    /** @param last4 the secret's last four characters; null when it is not set */
    public record SecretStatus(boolean set, @Nullable String last4) {
        public static final SecretStatus UNSET = new SecretStatus(false, null);

        public static SecretStatus of(String last4) {
            return last4 == null ? UNSET : new SecretStatus(true, last4);
        }
    }
}
