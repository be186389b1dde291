package org.affiliateledger.events.commission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code reversedCents} of the commission's sale (cumulative refunds plus lost disputes) went back to the customer;
 * {@code reference} names the refund or dispute. Should a paid commission need clawing back, the clawback gets
 * {@code clawbackId}.
 */
public record FollowSaleReversal(@TargetAggregateIdentifier String commissionId, String merchantId, long reversedCents,
                                 String reference, String clawbackId) {
}
