package org.affiliateledger.events.affiliate;

/** any → banned (terminal) */
public record AffiliateBanned(String affiliateId, String merchantId, String reason) {
}
