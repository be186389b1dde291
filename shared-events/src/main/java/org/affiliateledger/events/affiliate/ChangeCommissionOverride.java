package org.affiliateledger.events.affiliate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.affiliateledger.events.common.CommissionRate;

/** A null override means: use the program default. */
public record ChangeCommissionOverride(@TargetAggregateIdentifier String affiliateId, String merchantId, CommissionRate commissionOverride) {
}
