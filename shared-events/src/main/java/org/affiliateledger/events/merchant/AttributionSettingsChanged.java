package org.affiliateledger.events.merchant;

import org.jspecify.annotations.Nullable;

/** Where affiliate links redirect, and how long the click session they start attributes conversions. */
public record AttributionSettingsChanged(String merchantId, @Nullable String landingUrl, int attributionWindowDays) {
}
