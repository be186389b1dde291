package org.affiliateledger.events.merchant;

/** The complete rule set after the change; applies to conversions recorded from now on. */
public record FraudRulesChanged(String merchantId, FraudRules fraudRules) {
}
