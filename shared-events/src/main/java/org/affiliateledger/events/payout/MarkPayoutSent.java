package org.affiliateledger.events.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** created → sent: the money left; {@code externalReference} is the merchant's transfer id (PayPal, bank, Wise…). */
public record MarkPayoutSent(@TargetAggregateIdentifier String payoutId, String merchantId, String externalReference) {
}
