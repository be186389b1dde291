package org.affiliateledger.command.conversion;

import io.swagger.v3.oas.annotations.media.Schema;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.conversion.ConversionReceipt;
import org.affiliateledger.events.conversion.ConversionSource;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * The 201 of {@code POST /api/v1/conversions} and {@code POST /api/v1/events}: affilut's {@code id} and
 * {@code commissionCents}, the fields {@code GET /api/v1/conversions/{id}} answers with (same values), and the ids of
 * the commissions it created, so a client can approve or follow them without reading anything back.
 */
@Schema(name = "RecordedConversion", description = "The conversion as recorded (the fields of `Conversion`) and the "
        + "commissions it created")
public record RecordedConversion(
        String id,
        @Schema(description = "The affiliate credited (the click session's when none was named)") String affiliateId,
        @Schema(description = "affilut's field; see `Conversion.stripeChargeId`", example = "manual:inv_2026_00142")
        String stripeChargeId,
        @Schema(allowableValues = {"manual", "stripe", "event"}) String source,
        @Schema(description = "The conversion's key within its source: the `external_id` given (unique per merchant, "
                + "and per `event_type` for events); null when none was given", example = "inv_2026_00142")
        @Nullable String sourceKey,
        @Schema(description = "Amount in minor units") long amountCents,
        @Schema(description = "ISO-4217 code", example = "USD") String currency,
        @Schema(description = "The referring affiliate's commission (tier 0), in minor units") long commissionCents,
        @Schema(description = "The percent applied; for an event, its reward's rate (null when the reward has none)",
                example = "10") @Nullable String commissionRate,
        @Schema(description = "Events only: the flat part of the reward, in minor units of the program currency; null for sales")
        @Nullable Long flatRewardCents,
        @Schema(description = "The referring affiliate's commission (`com_…`); null for an event that earns nothing")
        @Nullable String commissionId,
        @Schema(description = "The status of that commission; null when there is none", allowableValues = {"pending"})
        @Nullable String status,
        @Schema(description = "The event's type, for events", example = "trial_started") @Nullable String eventType,
        @Schema(format = "date-time") String createdAt,
        @Schema(description = "Every commission created: the referring affiliate's (tier 0) and its ancestors' (MLM tiers)")
        List<Commission> commissions) {

    @Schema(name = "CreatedCommission")
    public record Commission(@Schema(description = "`com_…`") String id, String affiliateId,
                             @Schema(description = "0 for the converting affiliate, 1+ for its ancestors") int tier,
                             @Schema(description = "The percent applied", example = "10") String rate,
                             @Schema(description = "Minor units of the conversion's currency") long amountCents) {
    }

    static RecordedConversion of(ConversionReceipt receipt) {
        String source = receipt.source().wireName();
        return new RecordedConversion(receipt.conversionId(), receipt.affiliateId(),
                ConversionSource.chargeReference(source, receipt.externalId()), source, receipt.externalId(),
                receipt.amountCents(), receipt.currency(), receipt.commissionCents(), receipt.commissionRate(),
                receipt.flatRewardCents(), receipt.commissionId(), receipt.commissionId() == null ? null : "pending",
                receipt.eventType(), Timestamps.format(receipt.recordedAt()),
                receipt.commissions().stream().map(c -> new Commission(c.id(), c.affiliateId(), c.tier(), c.rate(),
                        c.amountCents())).toList());
    }
}
