package org.affiliateledger.events.merchant;

import java.util.List;

/** Rates for the referrer's ancestors: index 0 is its parent (commission tier 1), 1 its grandparent (tier 2)… */
public record MlmTierRatesChanged(String merchantId, List<String> mlmTierRates) {
    public MlmTierRatesChanged {
        mlmTierRates = mlmTierRates == null ? List.of() : List.copyOf(mlmTierRates);
    }
}
