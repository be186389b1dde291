package org.affiliateledger.query.history;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/** One event of the merchant's history, as {@code GET /api/v1/history} and the export show it. */
@Schema(name = "HistoryItem", description = "One event of the history")
public record HistoryItem(
        @Schema(description = "The event's global position in the log (the order of the history)") long position,
        @Schema(description = "The event's id") String id,
        @Schema(description = "The kind of resource the event belongs to",
                allowableValues = {"affiliate", "conversion", "commission", "payout", "program", "api_key", "webhook_endpoint", "webhook_message"})
        String resourceType,
        @Schema(description = "The resource's id (the merchant's id for program events)") String resourceId,
        @Schema(description = "The event's number in its resource's own history, from 0") long sequence,
        @Schema(description = "The event's stable public name", example = "commission.approved") String type,
        @Schema(format = "date-time", description = "When it happened in the world (a Stripe object's own time, a payout's "
                + "`paid_at`); else when it was recorded") String effectiveAt,
        @Schema(format = "date-time", description = "When the ledger recorded it") String recordedAt,
        @Schema(description = "Who or what caused it: `api_key:<key id>`, `admin`, `stripe:<Stripe event id>`, `schedule`, "
                + "`saga:<name>`, `system`; `unknown` for events recorded before actors were", example = "api_key:key_01hx…")
        String actor,
        @Schema(description = "The `X-Request-Id` of the request that caused it") @Nullable String requestId,
        @Schema(description = "The id of the first message of its chain of causes: every event one request, Stripe event or "
                + "deadline set off shares it (filter `correlation_id`)") @Nullable String correlationId,
        @Schema(description = "The id of the event whose handling caused it (a saga's or the schedule's reaction); for an "
                + "event caused directly by a request, the id of the command the request sent") @Nullable String causationId,
        @Schema(description = "The event's fields as recorded; secrets read `[redacted]`") Map<String, Object> data,
        @Schema(description = "Its link in the hash chain (hex SHA-256); null until the chain worker has linked it, a "
                + "fraction of a second after it was recorded") @Nullable String chainHash) {
}
