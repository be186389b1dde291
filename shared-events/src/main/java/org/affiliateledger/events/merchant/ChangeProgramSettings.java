package org.affiliateledger.events.merchant;

import org.affiliateledger.events.common.CommissionRate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Fields left null keep their current value. Secrets travel sealed (encrypted by the caller) with their last four
 * characters; the plaintext never enters a command or an event.
 */
public record ChangeProgramSettings(@TargetAggregateIdentifier String merchantId, CommissionRate defaultRate, Integer holdDays,
                                    SecretChange stripeWebhookSecret, SecretChange stripeApiKey) {

    public static ChangeProgramSettings rate(String merchantId, CommissionRate defaultRate) {
        return new ChangeProgramSettings(merchantId, defaultRate, null, null, null);
    }

    /** A new secret value, sealed; {@code sealed} null removes the secret. */
    public record SecretChange(String sealed, String last4) {
    }
}
