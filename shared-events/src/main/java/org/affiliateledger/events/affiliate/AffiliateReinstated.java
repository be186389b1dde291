package org.affiliateledger.events.affiliate;

/** suspended → active */
public record AffiliateReinstated(String affiliateId, String merchantId) {
}
