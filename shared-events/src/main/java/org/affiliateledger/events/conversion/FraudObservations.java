package org.affiliateledger.events.conversion;

import org.jspecify.annotations.Nullable;

/**
 * What the ledger counted for the fraud rules when a conversion was recorded (this conversion included in the velocity
 * count, not in the refund counts); null where a rule is off or has nothing to look at (no click session, no email).
 *
 * @param customerEmailOwner      the affiliate whose email the customer's is, if any
 * @param sessionConversions      conversions of the click session within the velocity window
 * @param affiliateConversions    the affiliate's earlier conversions
 * @param affiliateRefunded       how many of those were refunded
 */
public record FraudObservations(@Nullable String customerEmailOwner, @Nullable Long sessionConversions,
                                @Nullable Long affiliateConversions, @Nullable Long affiliateRefunded) {
    public static final FraudObservations NONE = new FraudObservations(null, null, null, null);
}
