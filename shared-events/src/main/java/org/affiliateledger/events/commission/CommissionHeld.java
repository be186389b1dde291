package org.affiliateledger.events.commission;

/** pending | approved → held: a dispute (or another reason) stops the commission from being approved or paid. */
public record CommissionHeld(String commissionId, String merchantId, String conversionId, String affiliateId,
                             CommissionStatus heldFrom, String reason, String reference) {
}
