package org.affiliateledger.events.affiliate;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * {@code parentId} is the affiliate's parent in the MLM lineage, fixed at registration; {@code lineageDepth} is how
 * many ancestors it has (0 without a parent). Events stored before lineage existed read as no parent, depth 0.
 */
public record AffiliateRegistered(String affiliateId, String merchantId, String name, String email, String shortCode,
                                  String commissionOverride, Instant registeredAt, @Nullable String parentId,
                                  int lineageDepth) {

    /** An affiliate without a parent. */
    public AffiliateRegistered(String affiliateId, String merchantId, String name, String email, String shortCode,
                               String commissionOverride, Instant registeredAt) {
        this(affiliateId, merchantId, name, email, shortCode, commissionOverride, registeredAt, null, 0);
    }
}
