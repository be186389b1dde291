package org.affiliateledger.events.affiliate;

/** paused → active */
public record AffiliateResumed(String affiliateId, String merchantId) {
}
