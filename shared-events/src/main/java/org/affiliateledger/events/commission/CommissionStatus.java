package org.affiliateledger.events.commission;

import java.util.Locale;

/** pending → approved → paid; pending → rejected; pending | approved → voided. */
public enum CommissionStatus {
    PENDING, APPROVED, PAID, REJECTED, VOIDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
