package org.affiliateledger.events.affiliate;

import java.util.Locale;

/** pending → active ⇄ paused; active | paused → suspended → active; any → banned (terminal). */
public enum AffiliateStatus {
    PENDING, ACTIVE, PAUSED, SUSPENDED, BANNED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
