package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ApproveCommission(@TargetAggregateIdentifier String commissionId, String merchantId) {
}
