package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates the negative commission {@code clawbackId} that takes {@code amountCents} (positive) of paid commission
 * {@code clawbackOf} back; it is approved at once so that it nets against the affiliate's next payout. Sent in the
 * same unit of work as the {@link FollowSaleReversal} that decided it ({@link ReversalReceipt#clawback()}).
 */
public record CreateClawback(@TargetAggregateIdentifier String clawbackId, String merchantId, String clawbackOf,
                             String conversionId, String affiliateId, long baseAmountCents, long amountCents,
                             String currency) {
}
