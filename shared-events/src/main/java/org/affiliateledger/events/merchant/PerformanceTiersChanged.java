package org.affiliateledger.events.merchant;

import java.util.List;

/** The tiers in ascending order of their revenue threshold; promotions already reached stay (no automatic demotion). */
public record PerformanceTiersChanged(String merchantId, List<PerformanceTier> performanceTiers) {
    public PerformanceTiersChanged {
        performanceTiers = performanceTiers == null ? List.of() : List.copyOf(performanceTiers);
    }
}
