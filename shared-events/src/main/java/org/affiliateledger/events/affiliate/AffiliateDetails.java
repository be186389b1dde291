package org.affiliateledger.events.affiliate;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * The affiliate as its aggregate holds it: what a write answers with. {@code activatedAt} is the recorded time of its
 * first approval (the timestamp of that {@code AffiliateApproved} event, as every read and webhook shows it).
 */
public record AffiliateDetails(String affiliateId, String name, String email, String shortCode, AffiliateStatus status,
                               @Nullable String commissionOverride, Instant registeredAt, @Nullable Instant activatedAt,
                               @Nullable String parentId) {
}
