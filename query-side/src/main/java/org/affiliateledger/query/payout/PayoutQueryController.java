package org.affiliateledger.query.payout;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.history.AsOfReads;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.Row;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/payouts")
@Tag(name = "Payouts")
public class PayoutQueryController {
    private static final String ID = "The payout's id (`pay_…`)";
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final PayoutQueries queries;
    private final AsOfReads asOf;

    public PayoutQueryController(PayoutQueries queries, AsOfReads asOf) {
        this.queries = queries;
        this.asOf = asOf;
    }

    /** A {@code payouts} row, read from PostgreSQL or rebuilt from events (see {@link PayoutProjector#ROWS}). */
    public static PayoutView view(Row r) {
        List<String> commissionIds = r.strings("commission_ids");
        return new PayoutView(r.string("id"), r.string("affiliate_id"), r.string("batch_id"),
                r.string("currency"), r.longValue("amount_cents"), commissionIds.size(), commissionIds,
                r.string("status"), r.string("external_reference"), r.string("failure_reason"),
                Timestamps.format(r.instant("created_at")), Timestamps.format(r.instant("sent_at")),
                Timestamps.format(r.instant("paid_at")), Timestamps.format(r.instant("failed_at")),
                Timestamps.format(r.instant("updated_at")));
    }

    @Schema(name = "Payout")
    public record PayoutView(String id, String affiliateId,
                             @Schema(description = "The batch (`pob_…`) that created it, if any") @Nullable String batchId,
                             @Schema(description = "ISO-4217 code", example = "USD") String currency,
                             @Schema(description = "What the affiliate receives, in minor units: its commissions net of clawbacks")
                             long amountCents,
                             int commissionCount,
                             @Schema(description = "The commissions (and clawbacks) this payout pays") List<String> commissionIds,
                             @Schema(allowableValues = {"created", "sent", "paid", "failed"}) String status,
                             @Schema(description = "Your transfer reference, given when sent") @Nullable String externalReference,
                             @Schema(description = "The reason given when failed") @Nullable String failureReason,
                             @Schema(format = "date-time") String createdAt,
                             @Schema(format = "date-time") @Nullable String sentAt,
                             @Schema(format = "date-time") @Nullable String paidAt,
                             @Schema(format = "date-time") @Nullable String failedAt,
                             @Schema(format = "date-time") String updatedAt) {
    }

    @GetMapping
    @Operation(operationId = "listPayouts", summary = "List payouts", description = "Newest first.")
    public ListPage<PayoutView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                     @RequestParam(required = false) Integer page,
                                     @RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) String cursor,
                                     @Parameter(description = "Only payouts in this status",
                                             schema = @Schema(allowableValues = {"created", "sent", "paid", "failed"}))
                                     @RequestParam(required = false) String status,
                                     @Parameter(description = "Only this affiliate's payouts (its id or short code)")
                                     @RequestParam(name = "affiliate_id", required = false) String affiliateId,
                                     @Parameter(description = "Only the payouts of this batch (`pob_…`)")
                                     @RequestParam(name = "batch_id", required = false) String batchId,
                                     @Parameter(description = "Only payouts in this currency (ISO-4217)")
                                     @RequestParam(required = false) String currency) {
        return queries.list(caller.merchantId(), new PayoutQueries.Filter(status, affiliateId, batchId, currency),
                Paging.of(page, limit, cursor));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getPayout", summary = "Get a payout", description = "With the ids of the commissions it pays.")
    @ApiResponse(responseCode = "200", description = "The payout (as it stood at `as_of`, if given)",
            headers = {@Header(name = AsOfReads.POSITION_HEADER, description = AsOfReads.POSITION_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int64")),
                    @Header(name = AsOfReads.AS_OF_HEADER, description = AsOfReads.AS_OF_DESCRIPTION,
                            schema = @Schema(type = "string", format = "date-time"))})
    public ResponseEntity<PayoutView> get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                  @Parameter(description = ID) @PathVariable String id,
                                  @Parameter(description = AsOfReads.PARAMETER, schema = @Schema(format = "date-time"))
                                  @RequestParam(name = "as_of", required = false) String asOfParam) {
        if (!Ids.PAYOUT.matches(id)) {
            throw new NotFoundException("payout", id);
        }
        if (asOfParam != null) {
            return asOf.answer(caller.merchantId(), AsOfReads.Resource.PAYOUT, id, asOfParam, PayoutQueryController::view);
        }
        return ResponseEntity.ok(queries.get(caller.merchantId(), id));
    }

    @GetMapping("/batches/{id}/export.csv")
    @Operation(operationId = "exportPayoutBatch", summary = "Export a payout batch as CSV",
            description = "One row per payout of the batch, oldest first, for your bank or payment provider: "
                    + "`payout_id, affiliate_id, affiliate_email, affiliate_name, amount_cents, amount, currency, "
                    + "commission_count, status, external_reference, created_at`. RFC 4180: fields with a comma, quote or "
                    + "line break are quoted; text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, "
                    + "`@`) is prefixed with `'`.")
    @ApiResponse(responseCode = "200", description = "The batch as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    public ResponseEntity<String> export(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                         @Parameter(description = "The batch's id (`pob_…`)") @PathVariable String id) {
        String csv = queries.batchCsv(caller.merchantId(), id);
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"payout-batch-" + id + ".csv\"")
                .body(csv);
    }
}
