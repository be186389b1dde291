package org.affiliateledger.events.commission;

/**
 * The answer to {@link FollowSaleReversal}: the commission's status and amount before and after, and the clawback to
 * create when a paid (or payout-reserved) commission was clawed back (null otherwise).
 */
public record ReversalReceipt(String commissionId, CommissionStatus statusBefore, CommissionStatus status,
                                   long amountCentsBefore, long amountCents, CreateClawback clawback) {
}
