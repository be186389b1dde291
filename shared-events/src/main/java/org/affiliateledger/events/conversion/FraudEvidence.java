package org.affiliateledger.events.conversion;

import org.jspecify.annotations.Nullable;

/**
 * Why a fraud rule fired: what was observed and the limits of the rule at that moment, so the history explains the
 * flag without the counters it came from. Only the fields of the rule that fired are set:
 * {@code self_referral}: {@code customerEmailOwner} (the affiliate whose email the customer used);
 * {@code velocity}: {@code sessionId}, {@code observedConversions} in {@code windowMinutes}, {@code maxConversions};
 * {@code refund_rate}: {@code refunded} of {@code observedConversions}, {@code maxPercent}, {@code minConversions}.
 */
public record FraudEvidence(@Nullable String customerEmailOwner, @Nullable String sessionId,
                            @Nullable Long observedConversions, @Nullable Integer windowMinutes,
                            @Nullable Integer maxConversions, @Nullable Long refunded, @Nullable String maxPercent,
                            @Nullable Integer minConversions) {

    public static FraudEvidence selfReferral(String customerEmailOwner) {
        return new FraudEvidence(customerEmailOwner, null, null, null, null, null, null, null);
    }

    public static FraudEvidence velocity(String sessionId, long conversions, int windowMinutes, int maxConversions) {
        return new FraudEvidence(null, sessionId, conversions, windowMinutes, maxConversions, null, null, null);
    }

    public static FraudEvidence refundRate(long conversions, long refunded, String maxPercent, int minConversions) {
        return new FraudEvidence(null, null, conversions, null, null, refunded, maxPercent, minConversions);
    }
}
