package org.affiliateledger.events.merchant;

/** Applies to conversions recorded after it; earlier commissions keep the rate stored in their own events. */
public record DefaultRateChanged(String merchantId, String defaultRate) {
}
