package org.affiliateledger.events.commission;

/**
 * A fraud rule holds this commission: it keeps its status but is neither approved by its hold period nor by hand
 * until the flag is cleared ({@link CommissionFlagCleared}). Independent of dispute holds, so winning a dispute does
 * not clear it.
 */
public record CommissionFlagged(String commissionId, String merchantId, String conversionId, String affiliateId,
                                String rule, String detail) {
}
