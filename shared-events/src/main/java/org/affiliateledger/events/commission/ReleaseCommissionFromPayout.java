package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent when payout {@code payoutId} failed: by the payout saga, or by a new payout that finds the commission still reserved by it. */
public record ReleaseCommissionFromPayout(@TargetAggregateIdentifier String commissionId, String merchantId,
                                          String payoutId, String reason) {
}
