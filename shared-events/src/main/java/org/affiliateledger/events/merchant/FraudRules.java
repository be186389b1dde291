package org.affiliateledger.events.merchant;

/** The fraud rules screened on each conversion, each switchable on its own. */
public record FraudRules(SelfReferral selfReferral, Velocity velocity, RefundRate refundRate) {
    public static final FraudRules DEFAULTS = new FraudRules(SelfReferral.DEFAULT, Velocity.DEFAULT, RefundRate.DEFAULT);

    /** The customer's email equals the affiliate's. */
    public record SelfReferral(boolean enabled) {
        public static final SelfReferral DEFAULT = new SelfReferral(true);
    }

    /** More than {@code maxConversions} conversions from one click session within {@code windowMinutes}. */
    public record Velocity(boolean enabled, int maxConversions, int windowMinutes) {
        public static final Velocity DEFAULT = new Velocity(false, 5, 60);
    }

    /** The affiliate's refunded share of conversions above {@code maxPercent}, once it has {@code minConversions}. */
    public record RefundRate(boolean enabled, String maxPercent, int minConversions) {
        public static final RefundRate DEFAULT = new RefundRate(false, "30", 5);
    }
}
