package org.affiliateledger.query.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;

/** An event behind a number of the reconciliation: look it up in {@code GET /api/v1/history}. */
@Schema(name = "ReconciliationEventRef")
public record EventRef(@Schema(description = "Global position in the event log") long position,
                       @Schema(description = "The event's id (the history item's `id`)") String eventId,
                       @Schema(description = "Its public type, e.g. `commission.paid`") String type) {
}
