package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Reserves an approved commission for payout {@code payoutId}; answered with the {@link CommissionIncludedInPayout}. */
public record IncludeCommissionInPayout(@TargetAggregateIdentifier String commissionId, String merchantId,
                                        String payoutId) {
}
