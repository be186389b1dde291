package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commission's sale is disputed ({@code reference}: the dispute): stop it where it is; answered true when held. */
public record HoldCommissionWhileDisputed(@TargetAggregateIdentifier String commissionId, String merchantId,
                                          String reason, String reference) {
}
