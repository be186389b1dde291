package org.affiliateledger.events.affiliate;

import org.affiliateledger.events.common.CommissionRate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Changes what is given and keeps the rest: a null {@code name}, {@code email} or {@code commissionOverride} is left
 * as it is. All of it is applied, or (a refusal) none of it.
 */
public record UpdateAffiliate(@TargetAggregateIdentifier String affiliateId, String merchantId, @Nullable String name,
                              @Nullable String email, @Nullable OverrideChange commissionOverride) {

    /** A new commission override; {@code rate} null removes it (the program's rates apply again). */
    public record OverrideChange(@Nullable CommissionRate rate) {
    }
}
