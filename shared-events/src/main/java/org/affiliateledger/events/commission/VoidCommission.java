package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record VoidCommission(@TargetAggregateIdentifier String commissionId, String merchantId, String reason) {
}
