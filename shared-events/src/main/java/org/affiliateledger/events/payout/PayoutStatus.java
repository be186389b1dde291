package org.affiliateledger.events.payout;

import java.util.Locale;

/** created → sent → paid | failed; created → failed (never sent). paid and failed are final. */
public enum PayoutStatus {
    CREATED, SENT, PAID, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
