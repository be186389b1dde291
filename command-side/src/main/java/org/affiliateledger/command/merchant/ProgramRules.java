package org.affiliateledger.command.merchant;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.FraudRules;
import org.affiliateledger.events.merchant.FraudRulesChange;
import org.affiliateledger.events.merchant.FraudRules.RefundRate;
import org.affiliateledger.events.merchant.FraudRules.Velocity;
import org.affiliateledger.events.merchant.PerformanceTier;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The program's business rules on its own settings: each method returns the canonical value or refuses with a reason. */
final class ProgramRules {
    static final int DEFAULT_ATTRIBUTION_WINDOW_DAYS = 30;
    static final int MAX_ATTRIBUTION_WINDOW_DAYS = 365;
    static final int MAX_MLM_TIERS = 10;
    static final int MAX_EVENT_TYPES = 100;
    static final int MAX_PERFORMANCE_TIERS = 20;
    static final long MAX_CENTS = 100_000_000_000L;
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_.:-]{0,63}");

    private ProgramRules() {
    }

    static List<CommissionRate> mlmTierRates(List<String> given) {
        if (given.size() > MAX_MLM_TIERS) {
            throw new InvalidRequestException("mlm_tier_rates has " + given.size() + " tiers; at most " + MAX_MLM_TIERS + " are allowed").withCode("invalid_program_setting");
        }
        return given.stream().map(CommissionRate::of).toList();
    }

    /** Keys are normalised to lower case; a reward must name at least one of a flat amount or a rate. */
    static Map<String, EventReward> eventRewards(Map<String, EventReward> given) {
        if (given.size() > MAX_EVENT_TYPES) {
            throw new InvalidRequestException("event_rewards has " + given.size() + " event types; at most " + MAX_EVENT_TYPES + " are allowed").withCode("invalid_program_setting");
        }
        Map<String, EventReward> rewards = new TreeMap<>();
        given.forEach((type, reward) -> {
            String key = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
            if (!EVENT_TYPE.matcher(key).matches()) {
                throw new InvalidRequestException("event type \"" + type + "\" must start with a letter and use only a-z, 0-9, '_', '.', ':', '-' (at most 64)").withCode("invalid_program_setting");
            }
            if (reward == null) {
                throw new InvalidRequestException("event_rewards." + key + " must be an object with flat_amount_cents and/or rate").withCode("invalid_program_setting");
            }
            if (reward.flatAmountCents() < 0 || reward.flatAmountCents() > MAX_CENTS) {
                throw new InvalidRequestException("event_rewards." + key + ".flat_amount_cents must be between 0 and " + MAX_CENTS).withCode("invalid_program_setting");
            }
            String rate = reward.rate() == null ? null : CommissionRate.of(reward.rate()).percent();
            if (rewards.put(key, new EventReward(reward.flatAmountCents(), rate)) != null) {
                throw new InvalidRequestException("event_rewards names \"" + key + "\" twice").withCode("invalid_program_setting");
            }
        });
        return Map.copyOf(rewards);
    }

    /** "" removes the landing URL; otherwise an absolute http(s) URL without a fragment. */
    static String landingUrl(String given) {
        if (given.isEmpty()) {
            return null;
        }
        String reason = "landing_url must be an absolute http or https URL such as https://example.com/pricing, got \"" + given + "\"";
        if (given.length() > 2000) {
            throw new InvalidRequestException("landing_url is longer than 2000 characters").withCode("invalid_program_setting");
        }
        try {
            URI uri = new URI(given);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawFragment() != null) {
                throw new InvalidRequestException(reason).withCode("invalid_program_setting");
            }
        } catch (URISyntaxException e) {
            throw new InvalidRequestException(reason).withCode("invalid_program_setting");
        }
        return given;
    }

    static int attributionWindowDays(int given) {
        if (given < 1 || given > MAX_ATTRIBUTION_WINDOW_DAYS) {
            throw new InvalidRequestException("attribution_window_days must be between 1 and " + MAX_ATTRIBUTION_WINDOW_DAYS + ", got " + given).withCode("invalid_program_setting");
        }
        return given;
    }

    static long payoutMinimumCents(long given) {
        if (given < 0 || given > MAX_CENTS) {
            throw new InvalidRequestException("payout_minimum_cents must be between 0 and " + MAX_CENTS + ", got " + given).withCode("invalid_program_setting");
        }
        return given;
    }

    static Long taxFormThresholdCents(Long given) {
        if (given != null && (given < 0 || given > MAX_CENTS)) {
            throw new InvalidRequestException("tax_form_threshold_cents must be between 0 and " + MAX_CENTS + " (or null for none), got " + given).withCode("invalid_program_setting");
        }
        return given;
    }

    /** Field by field: every rule and field given replaces its current value; everything not given stays as it is. */
    static FraudRules fraudRules(FraudRules current, FraudRulesChange given) {
        FraudRulesChange.Velocity v = given.velocity();
        Velocity velocity = v == null ? current.velocity() : new Velocity(
                v.enabled() == null ? current.velocity().enabled() : v.enabled(),
                v.maxConversions() == null ? current.velocity().maxConversions() : v.maxConversions(),
                v.windowMinutes() == null ? current.velocity().windowMinutes() : v.windowMinutes());
        if (velocity.maxConversions() < 1 || velocity.maxConversions() > 100_000) {
            throw new InvalidRequestException("fraud_rules.velocity.max_conversions must be between 1 and 100000").withCode("invalid_program_setting");
        }
        if (velocity.windowMinutes() < 1 || velocity.windowMinutes() > 525_600) {
            throw new InvalidRequestException("fraud_rules.velocity.window_minutes must be between 1 and 525600 (a year)").withCode("invalid_program_setting");
        }
        FraudRulesChange.RefundRate r = given.refundRate();
        RefundRate refundRate = r == null ? current.refundRate() : new RefundRate(
                r.enabled() == null ? current.refundRate().enabled() : r.enabled(),
                r.maxPercent() == null ? current.refundRate().maxPercent() : r.maxPercent(),
                r.minConversions() == null ? current.refundRate().minConversions() : r.minConversions());
        String maxPercent;
        try {
            maxPercent = CommissionRate.of(refundRate.maxPercent()).percent();
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("fraud_rules.refund_rate.max_percent: " + e.getMessage().replace("rate", "percent")).withCode("invalid_program_setting");
        }
        if (refundRate.minConversions() < 1 || refundRate.minConversions() > 100_000) {
            throw new InvalidRequestException("fraud_rules.refund_rate.min_conversions must be between 1 and 100000").withCode("invalid_program_setting");
        }
        FraudRulesChange.SelfReferral s = given.selfReferral();
        FraudRules.SelfReferral selfReferral = s == null || s.enabled() == null ? current.selfReferral()
                : new FraudRules.SelfReferral(s.enabled());
        return new FraudRules(selfReferral, velocity, new RefundRate(refundRate.enabled(), maxPercent, refundRate.minConversions()));
    }

    /** Names unique, thresholds positive and distinct; returned in ascending order of threshold. */
    static List<PerformanceTier> performanceTiers(List<PerformanceTier> given) {
        if (given.size() > MAX_PERFORMANCE_TIERS) {
            throw new InvalidRequestException("performance_tiers has " + given.size() + " tiers; at most " + MAX_PERFORMANCE_TIERS + " are allowed").withCode("invalid_program_setting");
        }
        var names = new HashSet<String>();
        var thresholds = new HashSet<Long>();
        List<PerformanceTier> tiers = new ArrayList<>();
        for (PerformanceTier tier : given) {
            if (tier == null || tier.name() == null || tier.name().isBlank() || tier.name().strip().length() > 64) {
                throw new InvalidRequestException("every performance tier needs a name of 1 to 64 characters").withCode("invalid_program_setting");
            }
            String name = tier.name().strip();
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidRequestException("performance tier name \"" + name + "\" is used twice").withCode("invalid_program_setting");
            }
            if (tier.minRevenueCents() < 1 || tier.minRevenueCents() > MAX_CENTS) {
                throw new InvalidRequestException("performance tier \"" + name + "\": min_revenue_cents must be between 1 and " + MAX_CENTS).withCode("invalid_program_setting");
            }
            if (!thresholds.add(tier.minRevenueCents())) {
                throw new InvalidRequestException("two performance tiers start at min_revenue_cents " + tier.minRevenueCents()).withCode("invalid_program_setting");
            }
            if (tier.rate() == null) {
                throw new InvalidRequestException("performance tier \"" + name + "\" needs a rate").withCode("invalid_program_setting");
            }
            tiers.add(new PerformanceTier(name, tier.minRevenueCents(), CommissionRate.of(tier.rate()).percent()));
        }
        tiers.sort(Comparator.comparingLong(PerformanceTier::minRevenueCents));
        return List.copyOf(tiers);
    }
}
