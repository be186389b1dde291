package org.affiliateledger.events.conversion;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * What the caller learns synchronously when a conversion is recorded: everything its resource will show right after
 * (so a client can act without reading it back), with the commissions it created. {@code commissionId} is the
 * referring affiliate's (tier 0) commission, null for an event that earns nothing; {@code affiliateId} is the affiliate
 * credited (the click session's, when none was named). {@code commissionRate} is the percent applied (null for an event
 * whose reward has no rate); {@code flatRewardCents} the flat part of an event's reward (null for sales).
 */
public record ConversionReceipt(String conversionId, @Nullable String commissionId, long commissionCents, String affiliateId,
                                @Nullable ConversionSource source, @Nullable String externalId, @Nullable String eventType,
                                long amountCents, @Nullable String currency, @Nullable String commissionRate,
                                @Nullable Long flatRewardCents, @Nullable Instant recordedAt, List<CreatedCommission> commissions) {
    public ConversionReceipt {
        commissions = commissions == null ? List.of() : List.copyOf(commissions);
    }

    public ConversionReceipt(String conversionId, String commissionId, long commissionCents, String affiliateId) {
        this(conversionId, commissionId, commissionCents, affiliateId, null, null, null, 0, null, null, null, null, List.of());
    }

    public ConversionReceipt(String conversionId, String commissionId, long commissionCents) {
        this(conversionId, commissionId, commissionCents, null);
    }

    /** One commission the conversion created: tier 0 for the referring affiliate, 1+ for its ancestors (MLM). */
    public record CreatedCommission(String id, String affiliateId, int tier, String rate, long amountCents) {
    }
}
