package org.affiliateledger.events.affiliate;

/** pending → active */
public record AffiliateApproved(String affiliateId, String merchantId) {
}
