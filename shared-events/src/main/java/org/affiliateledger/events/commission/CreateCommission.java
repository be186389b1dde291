package org.affiliateledger.events.commission;

import org.affiliateledger.events.common.CommissionRate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Creates what beneficiary {@code affiliateId} earns from a conversion: tier 0 is the referrer, higher tiers its
 * ancestors. {@code rate} is recorded as given (canonical form), so later settings changes never alter it;
 * {@code approvableAt} is the end of the hold period (null: none recorded).
 */
public record CreateCommission(@TargetAggregateIdentifier String commissionId, String merchantId, String conversionId,
                               String affiliateId, int tier, long baseAmountCents, CommissionRate rate, long amountCents,
                               String currency, Instant approvableAt) {
}
