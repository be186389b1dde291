package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the payout saga when payout {@code payoutId} is paid: the commission it reserved is paid (CommissionPaid). */
public record PayCommissionThroughPayout(@TargetAggregateIdentifier String commissionId, String merchantId,
                                         String payoutId, String reference) {
}
