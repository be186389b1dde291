package org.affiliateledger.events.conversion;

import java.time.Instant;
import java.util.List;

/**
 * Records a sale and its commission. {@code externalId} is unique per merchant and source when given; {@code aliases}
 * are further keys of the same sale claimed under the same source (a Stripe charge's payment intent and invoice), so
 * the sale is recorded once whichever of them arrives first. {@code affiliateSessionId} is the click session the
 * checkout carried, kept as given.
 */
public record RecordConversion(String conversionId, String commissionId, String merchantId, String affiliateId,
                               ConversionSource source, String externalId, List<String> aliases, long amountCents,
                               String currency, String affiliateSessionId, Instant recordedAt) {
    public RecordConversion {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** A conversion without aliases or click session (manual and event conversions). */
    public static RecordConversion of(String conversionId, String commissionId, String merchantId, String affiliateId,
                                      ConversionSource source, String externalId, long amountCents, String currency,
                                      Instant recordedAt) {
        return new RecordConversion(conversionId, commissionId, merchantId, affiliateId, source, externalId, List.of(),
                amountCents, currency, null, recordedAt);
    }
}
