package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** approved → paid, for merchants who pay outside the ledger (and, later, for payouts). */
public record PayCommission(@TargetAggregateIdentifier String commissionId, String merchantId, String reference) {
}
