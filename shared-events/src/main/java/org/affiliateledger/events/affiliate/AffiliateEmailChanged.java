package org.affiliateledger.events.affiliate;

/**
 * The affiliate's email changed; it is unique per merchant (case-insensitively), so the previous one is free again.
 * The self-referral rule and {@code parent_email} look-ups use the new one from now on.
 */
public record AffiliateEmailChanged(String affiliateId, String merchantId, String email, String previousEmail) {
}
