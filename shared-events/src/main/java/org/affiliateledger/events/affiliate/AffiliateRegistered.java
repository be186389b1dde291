package org.affiliateledger.events.affiliate;

import java.time.Instant;

public record AffiliateRegistered(String affiliateId, String merchantId, String name, String email, String shortCode, String commissionOverride, Instant registeredAt) {
}
