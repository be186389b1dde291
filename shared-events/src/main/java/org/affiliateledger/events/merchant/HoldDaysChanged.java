package org.affiliateledger.events.merchant;

/** Applies to commissions created after it; each commission keeps the hold end it was created with. */
public record HoldDaysChanged(String merchantId, int holdDays) {
}
