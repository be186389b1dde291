package org.affiliateledger.events.conversion;

import java.time.Instant;

/** The rate and commission decided at recording time are kept here, so history never changes when settings do. */
public record ConversionRecorded(String conversionId, String merchantId, String affiliateId, ConversionSource source,
                                 String externalId, long amountCents, String currency, String commissionId,
                                 String commissionRate, long commissionCents, String affiliateSessionId, Instant recordedAt) {
}
