package org.affiliateledger.command.merchant;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.ChangeProgramSettings.SecretChange;
import org.affiliateledger.events.merchant.ChangeProgramSettings.ThresholdChange;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.FraudRulesChange;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code PATCH /api/v1/program}: the program settings, one resource. Needs the {@code admin} scope. The Stripe secrets
 * are write-only: they are sealed here, before any command carries them, and answered only as set/last 4.
 * An empty string removes a secret.
 */
@RestController
@Tag(name = "Program")
public class ProgramCommandController {
    private final CommandGateway commands;
    private final MerchantSecrets secrets;

    public ProgramCommandController(CommandGateway commands, MerchantSecrets secrets) {
        this.commands = commands;
        this.secrets = secrets;
    }

    @Schema(name = "ChangeProgramRequest", description = "Only the fields given change; the Stripe secrets are write-only")
    public record ChangeRequest(
            @Schema(description = "The program currency (ISO-4217): payouts without a currency, flat event rewards and "
                    + "performance-tier revenue are in it, and conversions without a currency are recorded in it. It can "
                    + "change until the first conversion in it is recorded (`currencyLocked`); afterwards a 409 "
                    + "`currency_locked`", example = "EUR")
            String currency,
            @Schema(description = "Percent (0–100, up to four decimals) for affiliates without an override", example = "12.5")
            @JsonProperty("default_rate") String defaultRate,
            @Schema(description = "Days a new commission is held before it is approved automatically", example = "30")
            @JsonProperty("hold_days") @Min(0) @Max(Merchant.MAX_HOLD_DAYS) Integer holdDays,
            @Schema(description = "The Stripe endpoint's signing secret (whsec_…); \"\" removes it")
            @JsonProperty("stripe_webhook_secret") @Pattern(regexp = "|whsec_[\\x21-\\x7e]{8,250}",
                    message = "must be the endpoint's signing secret from the Stripe dashboard (whsec_…), or \"\" to remove it")
            String stripeWebhookSecret,
            @Schema(description = "A Stripe secret or restricted key, to look up unknown customers; \"\" removes it")
            @JsonProperty("stripe_api_key") @Pattern(regexp = "|(sk|rk)_(test|live)_[\\x21-\\x7e]{8,250}",
                    message = "must be a Stripe secret or restricted key (sk_… or rk_…), or \"\" to remove it")
            String stripeApiKey,
            @Schema(description = "Percent of the sale earned by the referrer's ancestors: first the parent (tier 1), then the "
                    + "grandparent (tier 2)…; at most 10; [] switches MLM commissions off", example = "[\"5\", \"2\"]")
            @JsonProperty("mlm_tier_rates") List<String> mlmTierRates,
            @Schema(description = "Reward per event type of POST /api/v1/events (replaces the whole table); a type not listed "
                    + "is recorded without a commission")
            @JsonProperty("event_rewards") Map<String, @Valid EventRewardRequest> eventRewards,
            @Schema(description = "Where affiliate links (/r/{shortCode}) redirect: an absolute http(s) URL; \"\" removes it",
                    example = "https://acme.example/pricing")
            @JsonProperty("landing_url") String landingUrl,
            @Schema(description = "Days a click session attributes conversions (1–365, default 30)", example = "30")
            @JsonProperty("attribution_window_days") Integer attributionWindowDays,
            @Schema(description = "Smallest payout, in minor units of the payout's currency (default 0)", example = "5000")
            @JsonProperty("payout_minimum_cents") Long payoutMinimumCents,
            @Schema(description = "A calendar year's payouts to one affiliate above this (minor units) need a tax form on file; "
                    + "null removes the requirement (the default)", example = "60000", implementation = Long.class,
                    types = {"integer", "null"}, format = "int64")
            @JsonProperty("tax_form_threshold_cents") NullableCents taxFormThresholdCents,
            @Schema(description = "Fraud rules screened on each conversion; merged field by field: a field given replaces "
                    + "its value, every rule and field not given stays as it is")
            @JsonProperty("fraud_rules") @Valid FraudRulesRequest fraudRules,
            @Schema(description = "Rates by referred revenue in the program currency (replaces the whole list); crossing a "
                    + "threshold promotes the affiliate for its later conversions")
            @JsonProperty("performance_tiers") List<@Valid PerformanceTierRequest> performanceTiers) {
    }

    @Schema(name = "EventRewardRequest", description = "A flat amount in the program currency and/or a percent of the event's amount")
    public record EventRewardRequest(
            @Schema(description = "Minor units of the program currency", example = "500")
            @JsonProperty("flat_amount_cents") @Min(0) Long flatAmountCents,
            @Schema(description = "Percent of the event's amount", example = "10") String rate) {
        EventReward toReward() {
            return new EventReward(flatAmountCents == null ? 0 : flatAmountCents, rate);
        }
    }

    @Schema(name = "FraudRulesRequest")
    public record FraudRulesRequest(
            @Schema(description = "The customer's email equals the affiliate's (default on)")
            @JsonProperty("self_referral") SwitchRequest selfReferral,
            @Schema(description = "More than max_conversions conversions from one click session within window_minutes (default off, 5 in 60)")
            VelocityRequest velocity,
            @Schema(description = "The affiliate's refunded share of conversions above max_percent once it has min_conversions (default off, 30 % of 5)")
            @JsonProperty("refund_rate") RefundRateRequest refundRate) {
        FraudRulesChange toChange() {
            return new FraudRulesChange(
                    selfReferral == null ? null : new FraudRulesChange.SelfReferral(selfReferral.enabled()),
                    velocity == null ? null : new FraudRulesChange.Velocity(velocity.enabled(), velocity.maxConversions(),
                            velocity.windowMinutes()),
                    refundRate == null ? null : new FraudRulesChange.RefundRate(refundRate.enabled(), refundRate.maxPercent(),
                            refundRate.minConversions()));
        }
    }

    @Schema(name = "FraudRuleSwitch")
    public record SwitchRequest(Boolean enabled) {
    }

    @Schema(name = "VelocityRuleRequest")
    public record VelocityRequest(Boolean enabled, @JsonProperty("max_conversions") Integer maxConversions,
                                  @JsonProperty("window_minutes") Integer windowMinutes) {
    }

    @Schema(name = "RefundRateRuleRequest")
    public record RefundRateRequest(Boolean enabled, @Schema(example = "30") @JsonProperty("max_percent") String maxPercent,
                                    @JsonProperty("min_conversions") Integer minConversions) {
    }

    @Schema(name = "PerformanceTierRequest")
    public record PerformanceTierRequest(@Schema(example = "silver") String name,
                                         @Schema(example = "100000") @JsonProperty("min_revenue_cents") Long minRevenueCents,
                                         @Schema(example = "15") String rate) {
        PerformanceTier toTier() {
            return new PerformanceTier(name, minRevenueCents == null ? 0 : minRevenueCents, rate);
        }
    }

    @PatchMapping("/api/v1/program")
    @Operation(operationId = "changeProgram", summary = "Change the program settings",
            description = "Every setting applies to conversions, clicks and payouts from now on; what was recorded keeps "
                    + "the values stored in its own events. The currency can change only until the first conversion in it "
                    + "is recorded.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The program settings after the change")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409",
            description = "`currency_locked`: the currency cannot change any more, a conversion was recorded in it")
    public ProgramSettings change(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @Valid @RequestBody ChangeRequest request) {
        CommissionRate rate = request.defaultRate() == null ? null : CommissionRate.of(request.defaultRate());
        String merchantId = caller.merchantId();
        Map<String, EventReward> rewards = null;
        if (request.eventRewards() != null) {
            rewards = new HashMap<>();
            for (var entry : request.eventRewards().entrySet()) {
                if (entry.getValue() == null) {
                    throw new InvalidRequestException("event_rewards." + entry.getKey() + " must be an object with flat_amount_cents and/or rate").withCode("invalid_program_setting");
                }
                rewards.put(entry.getKey(), entry.getValue().toReward());
            }
        }
        List<PerformanceTier> tiers = null;
        if (request.performanceTiers() != null) {
            if (holdsANull(request.performanceTiers())) {
                throw new InvalidRequestException("performance_tiers must hold objects with name, min_revenue_cents and rate").withCode("invalid_program_setting");
            }
            tiers = request.performanceTiers().stream().map(PerformanceTierRequest::toTier).toList();
        }
        if (request.mlmTierRates() != null && holdsANull(request.mlmTierRates())) {
            throw new InvalidRequestException("mlm_tier_rates must hold percent strings such as \"5\"").withCode("invalid_program_setting");
        }
        String currency = null;
        if (request.currency() != null) {
            if (request.currency().isBlank()) {
                throw new InvalidRequestException("currency must be an ISO-4217 code such as USD or EUR");
            }
            currency = Currencies.normalise(request.currency());
        }
        var threshold = request.taxFormThresholdCents() == null ? null : new ThresholdChange(request.taxFormThresholdCents().value());
        return commands.sendAndWait(new ChangeProgramSettings(merchantId, rate, request.holdDays(),
                seal(merchantId, MerchantSecrets.STRIPE_WEBHOOK_SECRET, request.stripeWebhookSecret()),
                seal(merchantId, MerchantSecrets.STRIPE_API_KEY, request.stripeApiKey()),
                request.mlmTierRates(), rewards, request.landingUrl(), request.attributionWindowDays(),
                request.payoutMinimumCents(), threshold,
                request.fraudRules() == null ? null : request.fraudRules().toChange(), tiers, currency));
    }

    /** Not {@code contains(null)}: immutable lists (List.of, as the dashboard builds them) throw on that question. */
    private static boolean holdsANull(List<?> values) {
        return values.stream().anyMatch(Objects::isNull);
    }

    private SecretChange seal(String merchantId, String name, String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            return new SecretChange(null, null);
        }
        return new SecretChange(secrets.seal(merchantId, name, value), value.substring(value.length() - 4));
    }
}
