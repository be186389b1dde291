package org.affiliateledger.events.merchant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.affiliateledger.events.common.CommissionRate;

/** Fields left null keep their current value. */
public record ChangeProgramSettings(@TargetAggregateIdentifier String merchantId, CommissionRate defaultRate) {
}
