package org.affiliateledger.events.conversion;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The conversion's own part of a {@link CloseDispute}: answers whether this closed the dispute now. */
public record CloseConversionDispute(@TargetAggregateIdentifier String conversionId, String merchantId, String disputeId, boolean won,
                                     long amountCents) {
}
