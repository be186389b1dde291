package org.affiliateledger.events.conversion;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The conversion's own part of an {@link OpenDispute}: answers whether the dispute is new. */
public record DisputeConversion(@TargetAggregateIdentifier String conversionId, String merchantId, String disputeId, long amountCents) {
}
