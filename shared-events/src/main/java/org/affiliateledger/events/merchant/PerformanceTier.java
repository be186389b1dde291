package org.affiliateledger.events.merchant;

/** Referred revenue (program currency) from which an affiliate earns {@code rate} percent on later conversions. */
public record PerformanceTier(String name, long minRevenueCents, String rate) {
}
