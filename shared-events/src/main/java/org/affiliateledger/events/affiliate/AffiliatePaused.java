package org.affiliateledger.events.affiliate;

/** active → paused */
public record AffiliatePaused(String affiliateId, String merchantId) {
}
