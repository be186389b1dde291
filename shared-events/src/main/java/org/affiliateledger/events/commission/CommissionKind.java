package org.affiliateledger.events.commission;

import java.util.Locale;

/** A commission earned on a sale, or a negative clawback of a paid one (refunded or lost in a dispute). */
public enum CommissionKind {
    COMMISSION, CLAWBACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
