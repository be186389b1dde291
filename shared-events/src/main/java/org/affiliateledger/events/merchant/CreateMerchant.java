package org.affiliateledger.events.merchant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** Opens a merchant's program under {@code name}; {@code currency} (ISO-4217) null means USD. Sent by onboarding. */
public record CreateMerchant(@TargetAggregateIdentifier String merchantId, String name, @Nullable String currency) {
}
