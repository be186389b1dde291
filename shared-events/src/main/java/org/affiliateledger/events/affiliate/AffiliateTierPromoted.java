package org.affiliateledger.events.affiliate;

import org.jspecify.annotations.Nullable;

/**
 * The affiliate's referred revenue (tier-0 sales in the program currency) reached a performance tier's threshold;
 * {@code rate} applies to its conversions recorded after this one. Tiers only ever go up. Why, for the audit history:
 * sale {@code conversionId} brought {@code referredRevenueCents} to the tier's {@code thresholdCents} or above
 * (both null in events recorded before they were kept, and for a promotion by a recount of the history).
 */
public record AffiliateTierPromoted(String affiliateId, String merchantId, String tierName, String rate,
                                    long referredRevenueCents, String currency, @Nullable Long thresholdCents,
                                    @Nullable String conversionId) {
}
