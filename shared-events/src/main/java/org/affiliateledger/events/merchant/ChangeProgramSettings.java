package org.affiliateledger.events.merchant;

import org.affiliateledger.events.common.CommissionRate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * Fields left null keep their current value. Secrets travel sealed (encrypted by the caller) with their last four
 * characters; the plaintext never enters a command or an event. Lists and maps replace the whole setting;
 * {@code fraudRules} changes only the rules and fields it gives (its null parts are unchanged); {@code landingUrl} ""
 * removes it; {@code currency} (ISO-4217, upper case) changes the program currency while no money is recorded in it.
 */
public record ChangeProgramSettings(@TargetAggregateIdentifier String merchantId, CommissionRate defaultRate, Integer holdDays,
                                    SecretChange stripeWebhookSecret, SecretChange stripeApiKey,
                                    @Nullable List<String> mlmTierRates, @Nullable Map<String, EventReward> eventRewards,
                                    @Nullable String landingUrl, @Nullable Integer attributionWindowDays,
                                    @Nullable Long payoutMinimumCents, @Nullable ThresholdChange taxFormThreshold,
                                    @Nullable FraudRulesChange fraudRules, @Nullable List<PerformanceTier> performanceTiers,
                                    @Nullable String currency) {

    /** Every setting but the currency. */
    public ChangeProgramSettings(String merchantId, CommissionRate defaultRate, Integer holdDays,
                                 SecretChange stripeWebhookSecret, SecretChange stripeApiKey,
                                 @Nullable List<String> mlmTierRates, @Nullable Map<String, EventReward> eventRewards,
                                 @Nullable String landingUrl, @Nullable Integer attributionWindowDays,
                                 @Nullable Long payoutMinimumCents, @Nullable ThresholdChange taxFormThreshold,
                                 @Nullable FraudRulesChange fraudRules, @Nullable List<PerformanceTier> performanceTiers) {
        this(merchantId, defaultRate, holdDays, stripeWebhookSecret, stripeApiKey, mlmTierRates, eventRewards, landingUrl,
                attributionWindowDays, payoutMinimumCents, taxFormThreshold, fraudRules, performanceTiers, null);
    }

    /** The settings of the Stripe issue only; the rest unchanged. */
    public ChangeProgramSettings(String merchantId, CommissionRate defaultRate, Integer holdDays,
                                 SecretChange stripeWebhookSecret, SecretChange stripeApiKey) {
        this(merchantId, defaultRate, holdDays, stripeWebhookSecret, stripeApiKey, null, null, null, null, null, null, null, null, null);
    }

    public static ChangeProgramSettings rate(String merchantId, CommissionRate defaultRate) {
        return new ChangeProgramSettings(merchantId, defaultRate, null, null, null);
    }

    /** Only the program currency. */
    public static ChangeProgramSettings currency(String merchantId, String currency) {
        return new ChangeProgramSettings(merchantId, null, null, null, null, null, null, null, null, null, null, null, null, currency);
    }

    /** A new secret value, sealed; {@code sealed} null removes the secret. */
    public record SecretChange(String sealed, String last4) {
    }

    /** A new tax-form threshold; {@code cents} null removes the requirement. */
    public record ThresholdChange(@Nullable Long cents) {
    }
}
