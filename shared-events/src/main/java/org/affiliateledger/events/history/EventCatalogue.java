package org.affiliateledger.events.history;

import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateResumed;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.affiliate.ReferredRevenueRecounted;
import org.affiliateledger.events.affiliate.AffiliateRenamed;
import org.affiliateledger.events.affiliate.AffiliateEmailChanged;
import org.affiliateledger.events.affiliate.CommissionOverrideChanged;
import org.affiliateledger.events.affiliate.TaxFormSubmitted;
import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.ApiKeyLimitsChanged;
import org.affiliateledger.events.apikey.ApiKeyRevoked;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionClawedBack;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionFlagCleared;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.conversion.ConversionDisputeClosed;
import org.affiliateledger.events.conversion.ConversionDisputed;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.conversion.StripeActivityUnmatched;
import org.affiliateledger.events.merchant.AttributionSettingsChanged;
import org.affiliateledger.events.merchant.DefaultRateChanged;
import org.affiliateledger.events.merchant.ProgramCurrencyChanged;
import org.affiliateledger.events.merchant.ProgramCurrencyLocked;
import org.affiliateledger.events.merchant.EventRewardsChanged;
import org.affiliateledger.events.merchant.FraudRulesChanged;
import org.affiliateledger.events.merchant.HoldDaysChanged;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.MlmTierRatesChanged;
import org.affiliateledger.events.merchant.PayoutRulesChanged;
import org.affiliateledger.events.merchant.PerformanceTiersChanged;
import org.affiliateledger.events.merchant.StripeApiKeySet;
import org.affiliateledger.events.merchant.StripeWebhookSecretSet;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.affiliateledger.events.stripe.StripeCheckoutAttributed;
import org.affiliateledger.events.stripe.StripeCustomerAttributed;
import org.affiliateledger.events.webhook.PublicEventTypes;
import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.affiliateledger.events.webhook.WebhookAttemptSucceeded;
import org.affiliateledger.events.webhook.WebhookDeliveryRecovered;
import org.affiliateledger.events.webhook.WebhookEndpointChanged;
import org.affiliateledger.events.webhook.WebhookEndpointDeleted;
import org.affiliateledger.events.webhook.WebhookEndpointDisabled;
import org.affiliateledger.events.webhook.WebhookEndpointEnabled;
import org.affiliateledger.events.webhook.WebhookEndpointHistoryStarted;
import org.affiliateledger.events.webhook.WebhookEndpointRecovered;
import org.affiliateledger.events.webhook.WebhookEndpointRegistered;
import org.affiliateledger.events.webhook.WebhookSecretRotated;
import org.affiliateledger.events.webhook.WebhookReplayScheduled;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every domain event's stable public name and the resource it belongs to: what the history shows instead of Java class
 * names. The webhook type is reused wherever one exists ({@code commission.approved}); the others follow the same
 * {@code <resource>.<past tense>} form. Names may be added, never renamed: history filters and stored indexes use them.
 * A test fails when an event record of this module is missing here.
 */
public final class EventCatalogue {
    public static final String AFFILIATE = "affiliate";
    public static final String CONVERSION = "conversion";
    public static final String COMMISSION = "commission";
    public static final String PAYOUT = "payout";
    public static final String PROGRAM = "program";
    public static final String API_KEY = "api_key";
    /** A merchant's webhook endpoint: registered, changed, secret rotated, disabled, enabled, recovered, deleted. */
    public static final String WEBHOOK_ENDPOINT = "webhook_endpoint";
    /** A webhook message's delivery to one endpoint: its attempts; the resource id is {@code msg_…:whe_…}. */
    public static final String WEBHOOK_MESSAGE = "webhook_message";
    public static final List<String> RESOURCE_TYPES =
            List.of(AFFILIATE, CONVERSION, COMMISSION, PAYOUT, PROGRAM, API_KEY, WEBHOOK_ENDPOINT, WEBHOOK_MESSAGE);
    /** What a secret field's value reads as in the history: it changed, and nothing more. */
    public static final String REDACTED = "[redacted]";

    /**
     * @param type          the public name, e.g. {@code commission.approved}
     * @param resourceType  one of {@link #RESOURCE_TYPES}: the aggregate the event belongs to
     * @param secretFields  payload fields never shown (their value reads {@value #REDACTED})
     */
    public record Entry(Class<?> eventClass, String type, String resourceType, Set<String> secretFields) {
    }

    private static final Map<Class<?>, Entry> BY_CLASS = new LinkedHashMap<>();
    private static final Map<String, Entry> BY_CLASS_NAME = new LinkedHashMap<>();
    private static final Map<String, Entry> BY_TYPE = new LinkedHashMap<>();
    /** Axon's aggregate type (the aggregate class's simple name) → resource type, for events not listed here. */
    private static final Map<String, String> AGGREGATES = Map.of("Affiliate", AFFILIATE, "Conversion", CONVERSION,
            "Commission", COMMISSION, "Payout", PAYOUT, "Merchant", PROGRAM, "ApiKey", API_KEY,
            "WebhookDelivery", WEBHOOK_MESSAGE, "StripeCustomer", PROGRAM, "StripeCheckout", PROGRAM,
            "WebhookEndpointLifecycle", WEBHOOK_ENDPOINT);

    static {
        add(AffiliateRegistered.class, "affiliate.registered", AFFILIATE);
        add(AffiliateApproved.class, PublicEventTypes.AFFILIATE_APPROVED, AFFILIATE);
        add(AffiliatePaused.class, "affiliate.paused", AFFILIATE);
        add(AffiliateResumed.class, "affiliate.resumed", AFFILIATE);
        add(AffiliateSuspended.class, PublicEventTypes.AFFILIATE_SUSPENDED, AFFILIATE);
        // the webhook sends affiliate.approved with "reinstated": true; the history names the event itself
        add(AffiliateReinstated.class, "affiliate.reinstated", AFFILIATE);
        add(AffiliateBanned.class, "affiliate.banned", AFFILIATE);
        add(CommissionOverrideChanged.class, "affiliate.commission_override_changed", AFFILIATE);
        add(AffiliateRenamed.class, "affiliate.renamed", AFFILIATE);
        add(AffiliateEmailChanged.class, "affiliate.email_changed", AFFILIATE);
        add(AffiliateTierPromoted.class, PublicEventTypes.AFFILIATE_TIER_PROMOTED, AFFILIATE);
        add(ReferredRevenueRecounted.class, "affiliate.referred_revenue_recounted", AFFILIATE);
        add(TaxFormSubmitted.class, PublicEventTypes.TAX_FORM_SUBMITTED, AFFILIATE);

        add(ConversionRecorded.class, "conversion.recorded", CONVERSION);
        add(ConversionRefunded.class, "conversion.refunded", CONVERSION);
        add(ConversionDisputed.class, "conversion.disputed", CONVERSION);
        add(ConversionDisputeClosed.class, "conversion.dispute_closed", CONVERSION);
        add(FraudFlagged.class, PublicEventTypes.FRAUD_FLAGGED, CONVERSION);

        add(CommissionCreated.class, PublicEventTypes.COMMISSION_CREATED, COMMISSION);
        add(CommissionApproved.class, PublicEventTypes.COMMISSION_APPROVED, COMMISSION);
        add(CommissionRejected.class, "commission.rejected", COMMISSION);
        add(CommissionVoided.class, PublicEventTypes.COMMISSION_VOIDED, COMMISSION);
        add(CommissionPaid.class, PublicEventTypes.COMMISSION_PAID, COMMISSION);
        add(CommissionHeld.class, "commission.held", COMMISSION);
        add(CommissionReleased.class, "commission.released", COMMISSION);
        add(CommissionFlagged.class, "commission.flagged", COMMISSION);
        add(CommissionFlagCleared.class, "commission.flag_cleared", COMMISSION);
        add(CommissionReduced.class, "commission.reduced", COMMISSION);
        add(CommissionClawedBack.class, "commission.clawed_back", COMMISSION);
        add(CommissionIncludedInPayout.class, "commission.included_in_payout", COMMISSION);
        add(CommissionReleasedFromPayout.class, "commission.released_from_payout", COMMISSION);

        add(PayoutCreated.class, "payout.created", PAYOUT);
        add(PayoutSent.class, PublicEventTypes.PAYOUT_SENT, PAYOUT);
        add(PayoutPaid.class, PublicEventTypes.PAYOUT_PAID, PAYOUT);
        add(PayoutFailed.class, PublicEventTypes.PAYOUT_FAILED, PAYOUT);

        add(MerchantCreated.class, "program.created", PROGRAM);
        add(ProgramCurrencyChanged.class, "program.currency_changed", PROGRAM);
        add(ProgramCurrencyLocked.class, "program.currency_locked", PROGRAM);
        add(DefaultRateChanged.class, "program.default_rate_changed", PROGRAM);
        add(HoldDaysChanged.class, "program.hold_days_changed", PROGRAM);
        // the secrets themselves are never in an event (sealed in a table); the event says one was set or removed
        add(StripeWebhookSecretSet.class, "program.stripe_webhook_secret_changed", PROGRAM);
        add(StripeApiKeySet.class, "program.stripe_api_key_changed", PROGRAM);
        add(MlmTierRatesChanged.class, "program.mlm_tier_rates_changed", PROGRAM);
        add(EventRewardsChanged.class, "program.event_rewards_changed", PROGRAM);
        add(AttributionSettingsChanged.class, "program.attribution_settings_changed", PROGRAM);
        add(PayoutRulesChanged.class, "program.payout_rules_changed", PROGRAM);
        add(FraudRulesChanged.class, "program.fraud_rules_changed", PROGRAM);
        add(PerformanceTiersChanged.class, "program.performance_tiers_changed", PROGRAM);
        // a refund or dispute of a charge no conversion has: not an aggregate's event, listed by the reconciliation
        add(StripeActivityUnmatched.class, "program.stripe_activity_unmatched", PROGRAM);
        // who referred a Stripe customer (its renewals follow): the program's knowledge, kept per customer
        add(StripeCustomerAttributed.class, "program.stripe_customer_attributed", PROGRAM);
        add(StripeCheckoutAttributed.class, "program.stripe_checkout_attributed", PROGRAM);

        // the key's SHA-256 is not the key, but it is what authenticates it: shown only as issued
        add(ApiKeyIssued.class, "api_key.issued", API_KEY, "secretHash");
        add(ApiKeyLimitsChanged.class, "api_key.limits_changed", API_KEY);
        add(ApiKeyRevoked.class, "api_key.revoked", API_KEY);

        // every delivery attempt (status, duration, error; never the signature or the response body)
        add(WebhookAttemptSucceeded.class, "webhook_message.attempt_succeeded", WEBHOOK_MESSAGE);
        add(WebhookAttemptFailed.class, "webhook_message.attempt_failed", WEBHOOK_MESSAGE);
        add(WebhookReplayScheduled.class, "webhook_message.replay_scheduled", WEBHOOK_MESSAGE);
        add(WebhookDeliveryRecovered.class, "webhook_message.recovered", WEBHOOK_MESSAGE);
        // the signing secrets are never in an event (sealed in a table); the history says when one was rotated
        add(WebhookEndpointRegistered.class, "webhook_endpoint.registered", WEBHOOK_ENDPOINT);
        add(WebhookEndpointChanged.class, "webhook_endpoint.changed", WEBHOOK_ENDPOINT);
        add(WebhookSecretRotated.class, "webhook_endpoint.secret_rotated", WEBHOOK_ENDPOINT);
        add(WebhookEndpointDeleted.class, "webhook_endpoint.deleted", WEBHOOK_ENDPOINT);
        // an endpoint from before these were events, as it stood when its history began (one-off migration)
        add(WebhookEndpointHistoryStarted.class, "webhook_endpoint.history_started", WEBHOOK_ENDPOINT);
        add(WebhookEndpointDisabled.class, "webhook_endpoint.disabled", WEBHOOK_ENDPOINT);
        add(WebhookEndpointEnabled.class, "webhook_endpoint.enabled", WEBHOOK_ENDPOINT);
        add(WebhookEndpointRecovered.class, "webhook_endpoint.recovered", WEBHOOK_ENDPOINT);
    }

    private EventCatalogue() {
    }

    private static void add(Class<?> eventClass, String type, String resourceType, String... secretFields) {
        Entry entry = new Entry(eventClass, type, resourceType, Set.of(secretFields));
        if (BY_TYPE.put(type, entry) != null || BY_CLASS.put(eventClass, entry) != null) {
            throw new IllegalStateException("listed twice: " + type + " / " + eventClass.getSimpleName());
        }
        BY_CLASS_NAME.put(eventClass.getName(), entry);
    }

    public static List<Entry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(BY_CLASS.values()));
    }

    /** Every public name, in catalogue order. */
    public static List<String> types() {
        return List.copyOf(BY_TYPE.keySet());
    }

    public static boolean isType(String type) {
        return BY_TYPE.containsKey(type);
    }

    public static Optional<Entry> of(Class<?> eventClass) {
        return Optional.ofNullable(BY_CLASS.get(eventClass));
    }

    /** The entry of a payload type as the event store records it (a class name). */
    public static Optional<Entry> ofStoredType(String payloadType) {
        return Optional.ofNullable(BY_CLASS_NAME.get(payloadType));
    }

    /**
     * The public name of a stored payload type. An event class this catalogue does not list yet (newer code, or a
     * class since removed) reads as {@code <resource>.other} rather than as its Java name; its resource comes from
     * the aggregate type.
     */
    public static String typeOf(String payloadType, String aggregateType) {
        return ofStoredType(payloadType).map(Entry::type).orElseGet(() -> resourceOf(null, aggregateType) + ".other");
    }

    /** The resource type of an event: its catalogue entry's, else its aggregate type's, else {@code other}. */
    public static String resourceOf(String payloadType, String aggregateType) {
        if (payloadType != null) {
            Entry entry = BY_CLASS_NAME.get(payloadType);
            if (entry != null) {
                return entry.resourceType();
            }
        }
        return aggregateType == null ? "other" : AGGREGATES.getOrDefault(aggregateType, "other");
    }
}
