package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RejectCommission(@TargetAggregateIdentifier String commissionId, String merchantId, String reason) {
}
