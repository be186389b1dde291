package org.affiliateledger.events.affiliate;

import java.time.Instant;

/**
 * Referred revenue counted only from {@code countedSince} (the release that started counting it) was completed from
 * the event history: the affiliate's tier-0 sales in {@code currency} before then, {@code addedCents}, were added, making
 * {@code referredRevenueCents}. Recorded once per affiliate and currency, by the migration that did it.
 */
public record ReferredRevenueRecounted(String affiliateId, String merchantId, String currency, long addedCents,
                                       long referredRevenueCents, Instant countedSince) {
}
