package org.affiliateledger.events.affiliate;

import org.affiliateledger.events.common.CommissionRate;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * Registers a pending affiliate; {@code activate} approves it in the same step. The optional parent (MLM lineage) is
 * named by id or by email — at most one of the two; the registration resolves the email within the merchant.
 */
public record RegisterAffiliate(String affiliateId, String merchantId, String name, String email, String shortCode,
                                CommissionRate commissionOverride, boolean activate, Instant registeredAt,
                                @Nullable String parentId, @Nullable String parentEmail) {

    /** An affiliate without a parent. */
    public RegisterAffiliate(String affiliateId, String merchantId, String name, String email, String shortCode,
                             CommissionRate commissionOverride, boolean activate, Instant registeredAt) {
        this(affiliateId, merchantId, name, email, shortCode, commissionOverride, activate, registeredAt, null, null);
    }
}
