package org.affiliateledger.events.affiliate;

/**
 * The affiliate's referred revenue (tier-0 sales in the program currency) reached a performance tier's threshold;
 * {@code rate} applies to its conversions recorded after this one. Tiers only ever go up.
 */
public record AffiliateTierPromoted(String affiliateId, String merchantId, String tierName, String rate,
                                    long referredRevenueCents, String currency) {
}
