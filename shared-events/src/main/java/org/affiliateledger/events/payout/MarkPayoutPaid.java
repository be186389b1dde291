package org.affiliateledger.events.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** sent → paid: the affiliate received the money. */
public record MarkPayoutPaid(@TargetAggregateIdentifier String payoutId, String merchantId) {
}
