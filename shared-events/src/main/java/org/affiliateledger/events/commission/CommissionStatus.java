package org.affiliateledger.events.commission;

import java.util.Locale;

/**
 * pending → approved → paid; pending → rejected; pending | approved | held → voided;
 * pending | approved → held (dispute open) → back to the state it was held from.
 */
public enum CommissionStatus {
    PENDING, APPROVED, PAID, REJECTED, VOIDED, HELD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
