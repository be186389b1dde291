package org.affiliateledger.events.affiliate;

/** active | paused → suspended */
public record AffiliateSuspended(String affiliateId, String merchantId, String reason) {
}
