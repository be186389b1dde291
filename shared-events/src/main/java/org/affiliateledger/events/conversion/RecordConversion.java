package org.affiliateledger.events.conversion;

import java.time.Instant;
import java.util.List;

/**
 * Records a sale and its commission. {@code externalId} is unique per merchant and source when given; {@code aliases}
 * are further keys of the same sale claimed under the same source (a Stripe charge's payment intent and invoice), so
 * the sale is recorded once whichever of them arrives first. {@code affiliateSessionId} is the click session the
 * checkout carried: when {@code affiliateId} is null it names the affiliate (an unknown or expired session is refused).
 * {@code customerEmail} is only screened (self-referral), never stored. {@code eventType} and {@code payload} (a JSON
 * object as text) belong to {@link ConversionSource#EVENT} conversions, whose amount may be 0.
 */
public record RecordConversion(String conversionId, String commissionId, String merchantId, String affiliateId,
                               ConversionSource source, String externalId, List<String> aliases, long amountCents,
                               String currency, String affiliateSessionId, Instant recordedAt, String customerEmail,
                               String eventType, String payload) {
    public RecordConversion {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public RecordConversion(String conversionId, String commissionId, String merchantId, String affiliateId,
                            ConversionSource source, String externalId, List<String> aliases, long amountCents,
                            String currency, String affiliateSessionId, Instant recordedAt) {
        this(conversionId, commissionId, merchantId, affiliateId, source, externalId, aliases, amountCents, currency,
                affiliateSessionId, recordedAt, null, null, null);
    }

    /** A conversion without aliases or click session (manual and event conversions). */
    public static RecordConversion of(String conversionId, String commissionId, String merchantId, String affiliateId,
                                      ConversionSource source, String externalId, long amountCents, String currency,
                                      Instant recordedAt) {
        return new RecordConversion(conversionId, commissionId, merchantId, affiliateId, source, externalId, List.of(),
                amountCents, currency, null, recordedAt);
    }
}
