package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** No dispute of the commission's sale is open any more ({@code reference}: the last one closed); true when released. */
public record ReleaseCommissionHold(@TargetAggregateIdentifier String commissionId, String merchantId, String reference) {
}
