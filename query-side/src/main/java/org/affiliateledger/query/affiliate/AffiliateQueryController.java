package org.affiliateledger.query.affiliate;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import org.affiliateledger.query.history.AsOfReads;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
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
@RequestMapping("/api/v1/affiliates")
@Tag(name = "Affiliates")
public class AffiliateQueryController {
    private static final String ID = "The affiliate's id (`aff_…`)";

    private final AffiliateQueries queries;
    private final AsOfReads asOf;

    public AffiliateQueryController(AffiliateQueries queries, AsOfReads asOf) {
        this.queries = queries;
        this.asOf = asOf;
    }

    /** An {@code affiliates} row, read from PostgreSQL or rebuilt from events (see {@link AffiliateProjector#ROWS}). */
    public static AffiliateView view(Row r) {
        return new AffiliateView(
                r.string("id"), r.string("name"), r.string("email"), r.string("short_code"),
                r.string("status"), r.string("commission_override"),
                Timestamps.format(r.instant("created_at")), Timestamps.format(r.instant("activated_at")),
                r.string("parent_id"), r.string("parent_id") == null ? null : r.intValue("lineage_depth"),
                r.string("performance_tier"), TaxFormOnFile.of(r));
    }

    /**
     * The affilut resource: {@code commissionOverride} null means the program default applies. The lineage and tier
     * fields are left out when they have no value, so an affilut client sees exactly the fields it knows.
     */
    @Schema(name = "Affiliate")
    public record AffiliateView(String id, String name, String email, String shortCode,
                                @Schema(allowableValues = {"pending", "active", "paused", "suspended", "banned"}) String status,
                                @Schema(description = "Percent string, or null when the program's default rate applies")
                                @Nullable String commissionOverride,
                                @Schema(format = "date-time") String createdAt,
                                @Schema(format = "date-time", description = "When first approved; null while pending")
                                @Nullable String activatedAt,
                                @Schema(description = "The parent affiliate in the MLM lineage; absent for a top-level affiliate")
                                @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String parentId,
                                @Schema(description = "How many ancestors it has (1 under a top-level affiliate); absent without a parent")
                                @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer lineageDepth,
                                @Schema(description = "The performance tier reached by referred revenue; absent before the first promotion",
                                        example = "silver")
                                @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String performanceTier,
                                @Schema(description = "The tax form on file; null when none was recorded") @Nullable TaxFormOnFile taxForm) {
    }

    @Schema(name = "TaxFormOnFile")
    public record TaxFormOnFile(@Schema(allowableValues = {"W-9", "W-8BEN", "W-8BEN-E", "W-8ECI", "W-8EXP", "W-8IMY"}) String formType,
                                @Schema(format = "date") String receivedOn) {
        static TaxFormOnFile of(Row r) {
            String type = r.string("tax_form_type");
            return type == null ? null : new TaxFormOnFile(type, r.date("tax_form_received_on").toString());
        }
    }

    @GetMapping
    @Operation(operationId = "listAffiliates", summary = "List affiliates",
            description = "Newest first. `email` and `short_code` look one affiliate up (a list of at most one).")
    public ListPage<AffiliateView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                        @RequestParam(required = false) Integer page,
                                        @RequestParam(required = false) Integer limit,
                                        @RequestParam(required = false) String cursor,
                                        @Parameter(description = "Only affiliates in this status",
                                                schema = @Schema(allowableValues = {"pending", "active", "paused", "suspended", "banned"}))
                                        @RequestParam(required = false) String status,
                                        @Parameter(description = "Only the direct children of this affiliate (MLM lineage; its id or short code)")
                                        @RequestParam(name = "parent_id", required = false) String parentId,
                                        @Parameter(description = "Only the affiliate with this email (case-insensitive)",
                                                example = "jane@example.com")
                                        @RequestParam(required = false) String email,
                                        @Parameter(description = "Only the affiliate with this short code (case-insensitive)",
                                                example = "jane-smith-a1b2")
                                        @RequestParam(name = "short_code", required = false) String shortCode) {
        return queries.list(caller.merchantId(), new AffiliateQueries.Filter(status, parentId, email, shortCode, null, null),
                Paging.of(page, limit, cursor));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getAffiliate", summary = "Get an affiliate")
    @ApiResponse(responseCode = "200", description = "The affiliate (as it stood at `as_of`, if given)",
            headers = {@Header(name = AsOfReads.POSITION_HEADER, description = AsOfReads.POSITION_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int64")),
                    @Header(name = AsOfReads.AS_OF_HEADER, description = AsOfReads.AS_OF_DESCRIPTION,
                            schema = @Schema(type = "string", format = "date-time"))})
    public ResponseEntity<AffiliateView> get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                  @Parameter(description = ID) @PathVariable String id,
                                  @Parameter(description = AsOfReads.PARAMETER, schema = @Schema(format = "date-time"))
                                  @RequestParam(name = "as_of", required = false) String asOfParam) {
        if (!Ids.AFFILIATE.matches(id)) {
            throw new NotFoundException("affiliate", id);
        }
        if (asOfParam != null) {
            return asOf.answer(caller.merchantId(), AsOfReads.Resource.AFFILIATE, id, asOfParam, AffiliateQueryController::view);
        }
        return ResponseEntity.ok(queries.get(caller.merchantId(), id));
    }
}
