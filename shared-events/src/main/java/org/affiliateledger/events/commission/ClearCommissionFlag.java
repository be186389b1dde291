package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ClearCommissionFlag(@TargetAggregateIdentifier String commissionId, String merchantId, String note) {
}
