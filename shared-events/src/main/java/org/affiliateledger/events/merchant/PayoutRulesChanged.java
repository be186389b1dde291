package org.affiliateledger.events.merchant;

import org.jspecify.annotations.Nullable;

/** {@code taxFormThresholdCents} null: no tax form is ever required. */
public record PayoutRulesChanged(String merchantId, long payoutMinimumCents, @Nullable Long taxFormThresholdCents) {
}
