package org.affiliateledger.events.affiliate;

import org.affiliateledger.events.affiliate.UpdateAffiliate.OverrideChange;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * The change an {@link UpdateAffiliate} asks for, with what the affiliate decides it on that only the coordinator can
 * load: whether another affiliate of the program holds the new email (its uniqueness claim). A null {@code name},
 * {@code email} or {@code commissionOverride} is left as it is; all of it is applied, or (a refusal) none of it.
 *
 * @param emailHeldBy the affiliate that already holds {@code email} in this program, or null when it is free (or the
 *                    email does not change but for its letter case)
 */
public record ChangeAffiliateProfile(@TargetAggregateIdentifier String affiliateId, String merchantId, @Nullable String name,
                                     @Nullable String email, @Nullable OverrideChange commissionOverride,
                                     @Nullable String emailHeldBy) {
}
