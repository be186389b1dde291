package org.affiliateledger.events.commission;

/** A person reviewed the fraud flags of this commission and cleared them: it may be approved again. */
public record CommissionFlagCleared(String commissionId, String merchantId, String conversionId, String affiliateId,
                                    String note) {
}
