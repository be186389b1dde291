package org.affiliateledger.command.merchant;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.merchant.AttributionSettingsChanged;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.EventRewardsChanged;
import org.affiliateledger.events.merchant.FraudRules;
import org.affiliateledger.events.merchant.FraudRulesChanged;
import org.affiliateledger.events.merchant.MlmTierRatesChanged;
import org.affiliateledger.events.merchant.PayoutRulesChanged;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.affiliateledger.events.merchant.PerformanceTiersChanged;
import org.affiliateledger.events.merchant.DefaultRateChanged;
import org.affiliateledger.events.merchant.HoldDaysChanged;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.ProgramCurrencyChanged;
import org.affiliateledger.events.merchant.ProgramCurrencyLocked;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.affiliateledger.events.merchant.ProgramSettings.SecretStatus;
import org.affiliateledger.events.merchant.StripeApiKeySet;
import org.affiliateledger.events.merchant.StripeWebhookSecretSet;
import org.affiliateledger.events.merchant.CreateMerchant;
import org.affiliateledger.events.merchant.NoteConversionRecorded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    private List<CommissionRate> mlmTierRates = List.of();
    private Map<String, EventReward> eventRewards = Map.of();
    private String landingUrl;
    private int attributionWindowDays = ProgramRules.DEFAULT_ATTRIBUTION_WINDOW_DAYS;
    private long payoutMinimumCents;
    private Long taxFormThresholdCents;
    private FraudRules fraudRules = FraudRules.DEFAULTS;
    private List<PerformanceTier> performanceTiers = List.of();
    /** The conversion that fixed the program currency; null while the currency may still change. */
    private String currencyLockedBy;

    protected Merchant() {
    }

    @CommandHandler
    public Merchant(CreateMerchant command) {
        if (command.name() == null || command.name().isBlank()) {
            throw new InvalidRequestException("merchant name must not be blank");
        }
        apply(new MerchantCreated(command.merchantId(), command.name().strip(), DEFAULT_RATE,
                Currencies.normalise(command.currency())));
    }

    /** Unchanged values record nothing; the sealed secrets are kept beside the events by {@link StripeSecretsKeeping}. */
    @CommandHandler
    ProgramSettings handle(ChangeProgramSettings command) {
        if (command.holdDays() != null && (command.holdDays() < 0 || command.holdDays() > MAX_HOLD_DAYS)) {
            throw new InvalidRequestException("hold_days must be between 0 and " + MAX_HOLD_DAYS + ", got " + command.holdDays()).withCode("invalid_program_setting");
        }
        if (command.currency() != null) {
            String next = Currencies.normalise(command.currency());
            if (!next.equals(currency)) {
                theProgramCurrencyIsFixedOnceMoneyIsRecordedInIt(next);
                apply(new ProgramCurrencyChanged(merchantId, next, currency));
            }
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
        changeRules(command);
        return settings();
    }

    /**
     * The rule: the program currency may change until the first conversion in it is recorded. From then on commissions,
     * payouts, flat event rewards and referred revenue exist in it, and changing it would change what they mean.
     */
    private void theProgramCurrencyIsFixedOnceMoneyIsRecordedInIt(String requested) {
        if (currencyLockedBy != null) {
            throw new StateConflictException("the program currency is " + currency + " and can no longer change to "
                    + requested + ": conversion " + currencyLockedBy + " was recorded in it, and commissions, payouts, "
                    + "flat event rewards and referred revenue are kept in it. Give other currencies per conversion "
                    + "(\"currency\") and per payout instead").withCode("currency_locked");
        }
    }

    /**
     * A conversion in {@code conversionCurrency} is being recorded: the first one in the program currency fixes it
     * ({@link ProgramCurrencyLocked}). Later ones, and conversions in other currencies, record nothing here.
     */
    @CommandHandler
    void handle(NoteConversionRecorded command) {
        if (currencyLockedBy == null && currency.equals(command.currency())) {
            apply(new ProgramCurrencyLocked(merchantId, currency, command.conversionId()));
        }
    }

    public boolean currencyLocked() {
        return currencyLockedBy != null;
    }

    /** The issue-6 settings: each group is validated by {@link ProgramRules} and recorded only when it changes. */
    private void changeRules(ChangeProgramSettings command) {
        if (command.mlmTierRates() != null) {
            List<CommissionRate> rates = ProgramRules.mlmTierRates(command.mlmTierRates());
            if (!rates.equals(mlmTierRates)) {
                apply(new MlmTierRatesChanged(merchantId, rates.stream().map(CommissionRate::percent).toList()));
            }
        }
        if (command.eventRewards() != null) {
            Map<String, EventReward> rewards = ProgramRules.eventRewards(command.eventRewards());
            if (!rewards.equals(eventRewards)) {
                apply(new EventRewardsChanged(merchantId, rewards));
            }
        }
        if (command.landingUrl() != null || command.attributionWindowDays() != null) {
            String url = command.landingUrl() == null ? landingUrl : ProgramRules.landingUrl(command.landingUrl());
            int window = command.attributionWindowDays() == null ? attributionWindowDays
                    : ProgramRules.attributionWindowDays(command.attributionWindowDays());
            if (!Objects.equals(url, landingUrl) || window != attributionWindowDays) {
                apply(new AttributionSettingsChanged(merchantId, url, window));
            }
        }
        if (command.payoutMinimumCents() != null || command.taxFormThreshold() != null) {
            long minimum = command.payoutMinimumCents() == null ? payoutMinimumCents
                    : ProgramRules.payoutMinimumCents(command.payoutMinimumCents());
            Long threshold = command.taxFormThreshold() == null ? taxFormThresholdCents
                    : ProgramRules.taxFormThresholdCents(command.taxFormThreshold().cents());
            if (minimum != payoutMinimumCents || !Objects.equals(threshold, taxFormThresholdCents)) {
                apply(new PayoutRulesChanged(merchantId, minimum, threshold));
            }
        }
        if (command.fraudRules() != null) {
            FraudRules rules = ProgramRules.fraudRules(fraudRules, command.fraudRules());
            if (!rules.equals(fraudRules)) {
                apply(new FraudRulesChanged(merchantId, rules));
            }
        }
        if (command.performanceTiers() != null) {
            List<PerformanceTier> tiers = ProgramRules.performanceTiers(command.performanceTiers());
            if (!tiers.equals(performanceTiers)) {
                apply(new PerformanceTiersChanged(merchantId, tiers));
            }
        }
    }

    public CommissionRate defaultRate() {
        return defaultRate;
    }

    public int holdDays() {
        return holdDays;
    }

    public String currency() {
        return currency;
    }

    /** Index 0 is the referrer's parent (commission tier 1); empty when the program has no MLM tiers. */
    public List<CommissionRate> mlmTierRates() {
        return mlmTierRates;
    }

    public Map<String, EventReward> eventRewards() {
        return eventRewards;
    }

    public String landingUrl() {
        return landingUrl;
    }

    public int attributionWindowDays() {
        return attributionWindowDays;
    }

    public long payoutMinimumCents() {
        return payoutMinimumCents;
    }

    /** Null: no tax form is required. */
    public Long taxFormThresholdCents() {
        return taxFormThresholdCents;
    }

    public FraudRules fraudRules() {
        return fraudRules;
    }

    /** Ascending by threshold. */
    public List<PerformanceTier> performanceTiers() {
        return performanceTiers;
    }

    public ProgramSettings settings() {
        return new ProgramSettings(merchantId, name, defaultRate.percent(), currency, holdDays,
                SecretStatus.of(webhookSecretLast4), SecretStatus.of(apiKeyLast4),
                mlmTierRates.stream().map(CommissionRate::percent).toList(), eventRewards, landingUrl,
                attributionWindowDays, payoutMinimumCents, taxFormThresholdCents, fraudRules, performanceTiers,
                currencyLockedBy != null);
    }

    @EventSourcingHandler
    void on(MerchantCreated event) {
        merchantId = event.merchantId();
        name = event.name();
        defaultRate = CommissionRate.of(event.defaultRate());
        currency = event.currency();
    }

    @EventSourcingHandler
    void on(ProgramCurrencyChanged event) {
        currency = event.currency();
    }

    @EventSourcingHandler
    void on(ProgramCurrencyLocked event) {
        currencyLockedBy = event.conversionId();
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

    @EventSourcingHandler
    void on(MlmTierRatesChanged event) {
        mlmTierRates = event.mlmTierRates().stream().map(CommissionRate::of).toList();
    }

    @EventSourcingHandler
    void on(EventRewardsChanged event) {
        eventRewards = event.eventRewards();
    }

    @EventSourcingHandler
    void on(AttributionSettingsChanged event) {
        landingUrl = event.landingUrl();
        attributionWindowDays = event.attributionWindowDays();
    }

    @EventSourcingHandler
    void on(PayoutRulesChanged event) {
        payoutMinimumCents = event.payoutMinimumCents();
        taxFormThresholdCents = event.taxFormThresholdCents();
    }

    @EventSourcingHandler
    void on(FraudRulesChanged event) {
        fraudRules = event.fraudRules();
    }

    @EventSourcingHandler
    void on(PerformanceTiersChanged event) {
        performanceTiers = event.performanceTiers();
    }
}
