package org.affiliateledger.events.commission;

import java.time.Instant;

/**
 * tier 0 is the referring affiliate; higher tiers are its ancestors. {@code approvableAt} is the end of the merchant's
 * hold period at creation time (the lifecycle saga approves then). A {@link CommissionKind#CLAWBACK} has a negative
 * amount and names the paid commission it claws back in {@code clawbackOf}. Events stored before these fields existed
 * read as an ordinary commission without a recorded hold end.
 */
public record CommissionCreated(String commissionId, String merchantId, String conversionId, String affiliateId, int tier,
                                long baseAmountCents, String rate, long amountCents, String currency,
                                CommissionKind kind, String clawbackOf, Instant approvableAt) {
    public CommissionCreated {
        kind = kind == null ? CommissionKind.COMMISSION : kind;
    }
}
