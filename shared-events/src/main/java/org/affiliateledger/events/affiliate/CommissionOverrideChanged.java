package org.affiliateledger.events.affiliate;

public record CommissionOverrideChanged(String affiliateId, String merchantId, String commissionOverride) {
}
