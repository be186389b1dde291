package org.affiliateledger.events.affiliate;

import org.affiliateledger.events.merchant.PerformanceTier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The recount of {@link RecountReferredRevenue} added {@code addedCents} to the affiliate's referred revenue, now
 * {@code referredRevenueCents}: recorded on the affiliate, which is promoted when that total reaches a threshold of
 * {@code tiers} above the tier it holds ({@code tierOnRecord}: the tier kept with the running total).
 */
public record RecordReferredRevenueRecount(@TargetAggregateIdentifier String affiliateId, String merchantId,
                                           String currency, long addedCents, long referredRevenueCents,
                                           Instant countedSince, @Nullable String tierOnRecord,
                                           List<PerformanceTier> tiers) {
}
