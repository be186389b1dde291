package org.affiliateledger.events.conversion;

import java.time.Instant;
import java.util.List;

/**
 * The rate and commission decided at recording time are kept here, so history never changes when settings do.
 * {@code commissionId} is the referring affiliate's (tier 0) commission, null for an event whose type earns no reward.
 * {@code eventType} and {@code payload} (a JSON object as text) are set for {@link ConversionSource#EVENT} conversions
 * only; {@code ancestorCommissionIds} are the MLM tier commissions of the referrer's ancestors, so refunds and disputes
 * reach them too. {@code commissionRate} is the percent applied: for an event, its reward's rate, null when the reward
 * has none (events stored before that read "0"); {@code flatRewardCents} is the flat part of an event's reward in the
 * program currency (0 when the reward has none, null for sales and for events stored before it was recorded). Events
 * stored before these fields existed read them as null (and no ancestor commissions).
 */
public record ConversionRecorded(String conversionId, String merchantId, String affiliateId, ConversionSource source,
                                 String externalId, long amountCents, String currency, String commissionId,
                                 String commissionRate, long commissionCents, String affiliateSessionId, Instant recordedAt,
                                 String eventType, String payload, List<String> ancestorCommissionIds,
                                 Long flatRewardCents) {
    public ConversionRecorded {
        ancestorCommissionIds = ancestorCommissionIds == null ? List.of() : List.copyOf(ancestorCommissionIds);
    }

    public ConversionRecorded(String conversionId, String merchantId, String affiliateId, ConversionSource source,
                              String externalId, long amountCents, String currency, String commissionId,
                              String commissionRate, long commissionCents, String affiliateSessionId, Instant recordedAt,
                              String eventType, String payload, List<String> ancestorCommissionIds) {
        this(conversionId, merchantId, affiliateId, source, externalId, amountCents, currency, commissionId,
                commissionRate, commissionCents, affiliateSessionId, recordedAt, eventType, payload, ancestorCommissionIds, null);
    }

    public ConversionRecorded(String conversionId, String merchantId, String affiliateId, ConversionSource source,
                              String externalId, long amountCents, String currency, String commissionId,
                              String commissionRate, long commissionCents, String affiliateSessionId, Instant recordedAt,
                              String eventType, String payload) {
        this(conversionId, merchantId, affiliateId, source, externalId, amountCents, currency, commissionId,
                commissionRate, commissionCents, affiliateSessionId, recordedAt, eventType, payload, List.of());
    }

    public ConversionRecorded(String conversionId, String merchantId, String affiliateId, ConversionSource source,
                              String externalId, long amountCents, String currency, String commissionId,
                              String commissionRate, long commissionCents, String affiliateSessionId, Instant recordedAt) {
        this(conversionId, merchantId, affiliateId, source, externalId, amountCents, currency, commissionId,
                commissionRate, commissionCents, affiliateSessionId, recordedAt, null, null, List.of());
    }
}
