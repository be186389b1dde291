package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Fraud rule {@code rule} fired on the commission's conversion ({@code detail} says why): hold it for review. */
public record FlagCommissionForFraud(@TargetAggregateIdentifier String commissionId, String merchantId, String rule,
                                     String detail) {
}
