package org.affiliateledger.query.commission;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.history.AsOfReads;
import org.affiliateledger.query.support.Row;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/commissions")
@Tag(name = "Commissions")
public class CommissionQueryController {
    private static final String ID = "The commission's id (`com_…`)";

    private final CommissionQueries queries;
    private final AsOfReads asOf;

    public CommissionQueryController(CommissionQueries queries, AsOfReads asOf) {
        this.queries = queries;
        this.asOf = asOf;
    }

    /** A {@code commissions} row, read from PostgreSQL or rebuilt from events (see {@link CommissionProjector#ROWS}). */
    public static CommissionView view(Row r) {
        return new CommissionView(
                r.string("id"), r.string("conversion_id"), r.string("affiliate_id"), r.intValue("tier"),
                r.longValue("base_amount_cents"), r.string("rate"), r.longValue("amount_cents"),
                r.isNull("original_amount_cents") ? r.longValue("amount_cents") : r.longValue("original_amount_cents"),
                r.string("currency"), r.string("kind"), r.string("clawback_of"),
                r.string("status"), r.string("status_reason"), r.string("paid_reference"), r.string("payout_id"),
                Timestamps.format(r.instant("approvable_at")), r.bool("flagged"), r.string("hold_reason"),
                Timestamps.format(r.instant("created_at")), Timestamps.format(r.instant("updated_at")));
    }

    /**
     * {@code amountCents} is what the affiliate earns now (after partial refunds), {@code originalAmountCents} what the
     * sale earned; a {@code clawback} has a negative amount and names the paid commission it takes back. {@code
     * approvableAt} is when the hold period ends and the commission approves itself.
     */
    @Schema(name = "Commission")
    public record CommissionView(String id, String conversionId, String affiliateId,
                                 @Schema(description = "0 for the converting affiliate, 1+ for its ancestors (MLM tiers)")
                                 int tier,
                                 @Schema(description = "The conversion amount the rate applies to, in minor units")
                                 long baseAmountCents,
                                 @Schema(description = "The percent applied", example = "10") String rate,
                                 @Schema(description = "What the affiliate earns now, in minor units (negative for a clawback)")
                                 long amountCents,
                                 @Schema(description = "What the sale earned before any refund, in minor units")
                                 long originalAmountCents,
                                 @Schema(description = "ISO-4217 code", example = "USD") String currency,
                                 @Schema(allowableValues = {"commission", "clawback"}) String kind,
                                 @Schema(description = "The paid commission a clawback takes back") @Nullable String clawbackOf,
                                 @Schema(allowableValues = {"pending", "approved", "paid", "rejected", "voided", "held"}) String status,
                                 @Schema(description = "The reason given when rejected, voided or held") @Nullable String statusReason,
                                 @Schema(description = "Your payment's reference, given when paid (`external_reference` "
                                         + "of POST …/pay, or of the payout that paid it: the same name on payouts and in "
                                         + "webhooks)") @Nullable String externalReference,
                                 @Schema(description = "The payout (`pay_…`) this commission is reserved for or was paid by; "
                                         + "null when in none (a failed payout releases it)") @Nullable String payoutId,
                                 @Schema(format = "date-time", description = "When the hold period ends") @Nullable String approvableAt,
                                 @Schema(description = "Held by a fraud rule: not approved until the flag is cleared "
                                         + "(POST /api/v1/commissions/{id}/clear-flag) or the commission is voided")
                                 boolean flagged,
                                 @Schema(description = "Why it is flagged: the fraud rules that fired, with their detail")
                                 @Nullable String holdReason,
                                 @Schema(format = "date-time") String createdAt,
                                 @Schema(format = "date-time") String updatedAt) {
    }

    @GetMapping
    @Operation(operationId = "listCommissions", summary = "List commissions", description = "Newest first.")
    public ListPage<CommissionView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                         @RequestParam(required = false) Integer page,
                                         @RequestParam(required = false) Integer limit,
                                         @RequestParam(required = false) String cursor,
                                         @Parameter(description = "Only this affiliate's commissions (its id or short code)")
                                         @RequestParam(name = "affiliate_id", required = false) String affiliateId,
                                         @Parameter(description = "Only the commissions of this conversion")
                                         @RequestParam(name = "conversion_id", required = false) String conversionId,
                                         @Parameter(description = "Only commissions in this status",
                                                 schema = @Schema(allowableValues = {"pending", "approved", "paid", "rejected", "voided", "held"}))
                                         @RequestParam(required = false) String status,
                                         @Parameter(description = "Only commissions of this kind",
                                                 schema = @Schema(allowableValues = {"commission", "clawback"}))
                                         @RequestParam(required = false) String kind,
                                         @Parameter(description = "Only commissions flagged by a fraud rule (true) or not (false)")
                                         @RequestParam(required = false) Boolean flagged,
                                         @Parameter(description = "Only commissions whose conversion came from this source "
                                                 + "(the conversion's `source`)",
                                                 schema = @Schema(allowableValues = {"manual", "stripe", "event"}))
                                         @RequestParam(required = false) String source) {
        return queries.list(caller.merchantId(),
                new CommissionQueries.Filter(affiliateId, conversionId, status, kind, flagged, source),
                Paging.of(page, limit, cursor));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getCommission", summary = "Get a commission")
    @ApiResponse(responseCode = "200", description = "The commission (as it stood at `as_of`, if given)",
            headers = {@Header(name = AsOfReads.POSITION_HEADER, description = AsOfReads.POSITION_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int64")),
                    @Header(name = AsOfReads.AS_OF_HEADER, description = AsOfReads.AS_OF_DESCRIPTION,
                            schema = @Schema(type = "string", format = "date-time"))})
    public ResponseEntity<CommissionView> get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                              @Parameter(description = ID) @PathVariable String id,
                                              @Parameter(description = AsOfReads.PARAMETER, schema = @Schema(format = "date-time"))
                                              @RequestParam(name = "as_of", required = false) String asOfParam) {
        if (!Ids.COMMISSION.matches(id)) {
            throw new NotFoundException("commission", id);
        }
        if (asOfParam != null) {
            return asOf.answer(caller.merchantId(), AsOfReads.Resource.COMMISSION, id, asOfParam, CommissionQueryController::view);
        }
        return ResponseEntity.ok(queries.get(caller.merchantId(), id));
    }
}
