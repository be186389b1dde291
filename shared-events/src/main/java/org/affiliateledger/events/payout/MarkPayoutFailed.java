package org.affiliateledger.events.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** created | sent → failed: the transfer bounced or was never made. */
public record MarkPayoutFailed(@TargetAggregateIdentifier String payoutId, String merchantId, String reason) {
}
