package org.affiliateledger.query.payout;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.payout.PayoutStatus;
import org.affiliateledger.query.support.AffiliateFilter;
import org.affiliateledger.query.history.AsOfReads;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.ListQuery;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.Row;
import org.affiliateledger.query.support.TenantReads;
import org.affiliateledger.query.support.WireEnums;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

@RestController
@RequestMapping("/api/v1/payouts")
@Tag(name = "Payouts")
public class PayoutQueryController {
    private static final String ID = "The payout's id (`pay_…`)";
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final RowMapper<PayoutView> ROW = (rs, n) -> view(Row.of(rs));

    private final TenantReads reads;
    private final AsOfReads asOf;

    public PayoutQueryController(TenantReads reads, AsOfReads asOf) {
        this.reads = reads;
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
        Paging paging = Paging.of(page, limit, cursor);
        String currencyFilter = currency == null ? null : Currencies.normalise(currency);
        var rows = reads.as(caller.merchantId(), jdbc -> new ListQuery("payouts", caller.merchantId())
                .filter("status", WireEnums.parse("status", status, PayoutStatus.class))
                .filter("affiliate_id", AffiliateFilter.resolve(jdbc, caller.merchantId(), affiliateId))
                .filter("batch_id", batchId)
                .filter("currency", currencyFilter)
                .fetch(jdbc, paging, ROW));
        return paging.toPage(rows, PayoutView::id, row -> row);
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
        return ResponseEntity.ok(reads.one(caller.merchantId(), id, jdbc -> jdbc.sql("SELECT * FROM payouts WHERE merchant_id = ? AND id = ?")
                        .params(caller.merchantId(), id)
                        .query(ROW)
                        .optional())
                .orElseThrow(() -> new NotFoundException("payout", id)));
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
        if (!Ids.PAYOUT_BATCH.matches(id)) {
            throw new NotFoundException("payout batch", id);
        }
        List<String> lines = reads.as(caller.merchantId(), jdbc -> jdbc.sql("""
                        SELECT p.*, a.email, a.name FROM payouts p
                        LEFT JOIN affiliates a ON a.id = p.affiliate_id AND a.merchant_id = p.merchant_id
                        WHERE p.merchant_id = ? AND p.batch_id = ? ORDER BY p.id""")
                .params(caller.merchantId(), id)
                .query((rs, n) -> {
                    PayoutView payout = ROW.mapRow(rs, n);
                    return Csv.row(payout.id(), payout.affiliateId(), Csv.text(rs.getString("email")),
                            Csv.text(rs.getString("name")), Long.toString(payout.amountCents()),
                            decimal(payout.amountCents(), payout.currency()), payout.currency(),
                            Integer.toString(payout.commissionCount()), payout.status(),
                            Csv.text(payout.externalReference()), payout.createdAt());
                })
                .list());
        if (lines.isEmpty()) {
            throw new NotFoundException("payout batch", id);
        }
        StringBuilder csv = new StringBuilder(Csv.row("payout_id", "affiliate_id", "affiliate_email", "affiliate_name",
                "amount_cents", "amount", "currency", "commission_count", "status", "external_reference", "created_at"));
        lines.forEach(csv::append);
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"payout-batch-" + id + ".csv\"")
                .body(csv.toString());
    }

    private static String decimal(long cents, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(cents, digits).toPlainString();
    }
}
