package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the payout saga when payout {@code payoutId} failed. */
public record ReleaseCommissionFromPayout(@TargetAggregateIdentifier String commissionId, String merchantId,
                                          String payoutId, String reason) {
}
