package org.affiliateledger.events.affiliate;

import org.affiliateledger.events.common.CommissionRate;
import java.time.Instant;

/** Registers a pending affiliate; {@code activate} approves it in the same step. */
public record RegisterAffiliate(String affiliateId, String merchantId, String name, String email, String shortCode, CommissionRate commissionOverride, boolean activate, Instant registeredAt) {
}
