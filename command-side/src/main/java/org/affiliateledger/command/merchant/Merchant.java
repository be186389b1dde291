package org.affiliateledger.command.merchant;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.DefaultRateChanged;
import org.affiliateledger.events.merchant.HoldDaysChanged;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.affiliateledger.events.merchant.ProgramSettings.SecretStatus;
import org.affiliateledger.events.merchant.StripeApiKeySet;
import org.affiliateledger.events.merchant.StripeWebhookSecretSet;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tenant and its program settings. Secrets are recorded only as "set, ending in …"; their values live elsewhere. */
@Aggregate(repository = "merchantRepository")
public class Merchant {
    static final String DEFAULT_RATE = "10";
    public static final int DEFAULT_HOLD_DAYS = 30;
    public static final int MAX_HOLD_DAYS = 365;

    @AggregateIdentifier
    private String merchantId;
    private String name;
    private CommissionRate defaultRate;
    private String currency;
    private int holdDays = DEFAULT_HOLD_DAYS;
    private String webhookSecretLast4;
    private String apiKeyLast4;

    protected Merchant() {
    }

    Merchant(String merchantId, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("merchant name must not be blank");
        }
        apply(new MerchantCreated(merchantId, name.strip(), DEFAULT_RATE, Currencies.DEFAULT));
    }

    /** Called by {@link ProgramSettingsChange}, which also keeps the sealed secrets; unchanged values record nothing. */
    ProgramSettings change(ChangeProgramSettings command) {
        if (command.holdDays() != null && (command.holdDays() < 0 || command.holdDays() > MAX_HOLD_DAYS)) {
            throw new InvalidRequestException("hold_days must be between 0 and " + MAX_HOLD_DAYS + ", got " + command.holdDays());
        }
        if (command.defaultRate() != null && !command.defaultRate().equals(defaultRate)) {
            apply(new DefaultRateChanged(merchantId, command.defaultRate().percent()));
        }
        if (command.holdDays() != null && command.holdDays() != holdDays) {
            apply(new HoldDaysChanged(merchantId, command.holdDays()));
        }
        if (command.stripeWebhookSecret() != null) {
            String last4 = command.stripeWebhookSecret().sealed() == null ? null : command.stripeWebhookSecret().last4();
            if (last4 != null || webhookSecretLast4 != null) {
                apply(new StripeWebhookSecretSet(merchantId, last4));
            }
        }
        if (command.stripeApiKey() != null) {
            String last4 = command.stripeApiKey().sealed() == null ? null : command.stripeApiKey().last4();
            if (last4 != null || apiKeyLast4 != null) {
                apply(new StripeApiKeySet(merchantId, last4));
            }
        }
        return settings();
    }

    public CommissionRate defaultRate() {
        return defaultRate;
    }

    public int holdDays() {
        return holdDays;
    }

    public ProgramSettings settings() {
        return new ProgramSettings(merchantId, name, defaultRate.percent(), currency, holdDays,
                SecretStatus.of(webhookSecretLast4), SecretStatus.of(apiKeyLast4));
    }

    @EventSourcingHandler
    void on(MerchantCreated event) {
        merchantId = event.merchantId();
        name = event.name();
        defaultRate = CommissionRate.of(event.defaultRate());
        currency = event.currency();
    }

    @EventSourcingHandler
    void on(DefaultRateChanged event) {
        defaultRate = CommissionRate.of(event.defaultRate());
    }

    @EventSourcingHandler
    void on(HoldDaysChanged event) {
        holdDays = event.holdDays();
    }

    @EventSourcingHandler
    void on(StripeWebhookSecretSet event) {
        webhookSecretLast4 = event.last4();
    }

    @EventSourcingHandler
    void on(StripeApiKeySet event) {
        apiKeyLast4 = event.last4();
    }
}
