package org.affiliateledger.events.conversion;

import java.time.Instant;

/** Records a sale and its commission. {@code externalId} is unique per merchant and source when given. */
public record RecordConversion(String conversionId, String commissionId, String merchantId, String affiliateId, ConversionSource source, String externalId, long amountCents, String currency, Instant recordedAt) {
}
