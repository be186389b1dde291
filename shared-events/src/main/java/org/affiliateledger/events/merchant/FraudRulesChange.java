package org.affiliateledger.events.merchant;

import org.jspecify.annotations.Nullable;

/**
 * A partial change of the fraud rules: every null part (a rule, or a field of a rule) keeps its current value, so
 * {@code {"velocity": {"max_conversions": 10}}} changes that threshold only and keeps whether the rule is on.
 */
public record FraudRulesChange(@Nullable SelfReferral selfReferral, @Nullable Velocity velocity, @Nullable RefundRate refundRate) {

    public record SelfReferral(@Nullable Boolean enabled) {
    }

    public record Velocity(@Nullable Boolean enabled, @Nullable Integer maxConversions, @Nullable Integer windowMinutes) {
    }

    public record RefundRate(@Nullable Boolean enabled, @Nullable String maxPercent, @Nullable Integer minConversions) {
    }

    /** Every field of every rule given: the rules as they are after the change. */
    public static FraudRulesChange to(FraudRules rules) {
        return new FraudRulesChange(new SelfReferral(rules.selfReferral().enabled()),
                new Velocity(rules.velocity().enabled(), rules.velocity().maxConversions(), rules.velocity().windowMinutes()),
                new RefundRate(rules.refundRate().enabled(), rules.refundRate().maxPercent(), rules.refundRate().minConversions()));
    }
}
