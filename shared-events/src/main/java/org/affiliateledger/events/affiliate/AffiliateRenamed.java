package org.affiliateledger.events.affiliate;

/** The affiliate's name changed ({@code PATCH /api/v1/affiliates/{id}}); its short code, and so its links, stay. */
public record AffiliateRenamed(String affiliateId, String merchantId, String name, String previousName) {
}
