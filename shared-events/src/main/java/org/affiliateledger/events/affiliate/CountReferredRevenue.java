package org.affiliateledger.events.affiliate;

import org.affiliateledger.events.merchant.PerformanceTier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Sale {@code conversionId} of {@code amountCents} in the program currency {@code currency} raised the affiliate's
 * referred revenue (its tier-0 sales in that currency) to {@code referredRevenueCents}: the affiliate is promoted when
 * that total reaches a threshold of the program's {@code tiers} above the tier it holds. {@code tierOnRecord} is the
 * tier that running total was last promoted to (a racing sale may have promoted after this copy was loaded).
 */
public record CountReferredRevenue(@TargetAggregateIdentifier String affiliateId, String merchantId, String conversionId,
                                   long amountCents, String currency, long referredRevenueCents,
                                   @Nullable String tierOnRecord, List<PerformanceTier> tiers) {
}
