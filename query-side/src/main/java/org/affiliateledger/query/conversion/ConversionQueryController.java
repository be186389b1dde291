package org.affiliateledger.query.conversion;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.conversion.ConversionSource;
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
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/v1/conversions")
@Tag(name = "Conversions")
public class ConversionQueryController {
    private static final String ID = "The conversion's id (`cnv_…`)";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConversionQueries queries;
    private final AsOfReads asOf;

    public ConversionQueryController(ConversionQueries queries, AsOfReads asOf) {
        this.queries = queries;
        this.asOf = asOf;
    }

    /** A {@code conversions} row, read from PostgreSQL or rebuilt from events (see {@link ConversionProjector#ROWS}). */
    public static ConversionView view(Row r) {
        return new ConversionView(
                r.string("id"), r.string("affiliate_id"), ConversionSource.chargeReference(r.string("source"), r.string("external_id")),
                r.longValue("amount_cents"), r.string("currency"), r.longValue("commission_cents"),
                r.string("commission_rate"), r.string("commission_id"), r.string("status"),
                r.longValue("refunded_cents"), r.string("dispute_status"), r.string("affiliate_session_id"),
                Timestamps.format(r.instant("created_at")), r.string("source"), r.string("event_type"),
                payload(r.string("payload")), fraudRules(r.string("fraud_rules")), r.string("external_id"),
                r.isNull("flat_reward_cents") ? null : r.longValue("flat_reward_cents"));
    }

    /**
     * The affilut resource, plus currency, rate, commission id, what was refunded (cumulative), the dispute state
     * ({@code open}, {@code won}, {@code lost} or null) and the click session the checkout carried.
     */
    @Schema(name = "Conversion")
    public record ConversionView(String id, String affiliateId,
                                 @Schema(description = "affilut's field, in every form it takes: for `stripe`, the Stripe id the "
                                         + "sale is keyed by (its charge `ch_…`, or the invoice `in_…` of a renewal whose "
                                         + "payload names no charge); `manual:<external_id>` and `event:<external_id>`; just "
                                         + "`manual` or `event` when recorded without an external id. `source` and "
                                         + "`sourceKey` say the same in two plain fields",
                                         example = "manual:inv_2026_00142") String stripeChargeId,
                                 @Schema(description = "Sale amount in minor units") long amountCents,
                                 @Schema(description = "ISO-4217 code", example = "USD") String currency,
                                 @Schema(description = "The affiliate's commission in minor units") long commissionCents,
                                 @Schema(description = "The percent used, fixed when the conversion was recorded; for an "
                                         + "event, its reward's rate (null when the reward has none: see `flatRewardCents`)",
                                         example = "10")
                                 @Nullable String commissionRate,
                                 @Schema(description = "Null for an event whose type earns no reward") @Nullable String commissionId,
                                 @Schema(description = "The status of the affiliate's commission; null when there is none",
                                         allowableValues = {"pending", "approved", "paid", "rejected", "voided", "held"})
                                 @Nullable String status,
                                 @Schema(description = "Refunded so far, in minor units") long refundedCents,
                                 @Schema(allowableValues = {"open", "won", "lost"}) @Nullable String disputeStatus,
                                 @Schema(description = "The click session the checkout carried") @Nullable String affiliateSessionId,
                                 @Schema(format = "date-time") String createdAt,
                                 @Schema(description = "Where it came from", allowableValues = {"manual", "stripe", "event"})
                                 String source,
                                 @Schema(description = "The event's type, for source `event`", example = "trial_started")
                                 @Nullable String eventType,
                                 @Schema(description = "The event's payload as it was sent, for source `event`")
                                 @Nullable Map<String, Object> payload,
                                 @Schema(description = "Fraud rules that fired on it (its commissions are flagged)")
                                 List<String> fraudRules,
                                 @Schema(description = "The conversion's key within its `source`: the Stripe charge (or invoice) "
                                         + "id, or the `external_id` given (unique per merchant, per `event_type` for events); "
                                         + "null when none was given", example = "inv_2026_00142")
                                 @Nullable String sourceKey,
                                 @Schema(description = "Events only: the flat part of the reward, in minor units of the program "
                                         + "currency (`commissionCents` = this + `commissionRate` % of `amountCents`); null for sales")
                                 @Nullable Long flatRewardCents) {
    }

    @GetMapping
    @Operation(operationId = "listConversions", summary = "List conversions",
            description = "Stripe-attributed, manual and event conversions, newest first.")
    public ListPage<ConversionView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                         @RequestParam(required = false) Integer page,
                                         @RequestParam(required = false) Integer limit,
                                         @RequestParam(required = false) String cursor,
                                         @Parameter(description = "Only this affiliate's conversions (its id or short code)")
                                         @RequestParam(name = "affiliate_id", required = false) String affiliateId,
                                         @Parameter(description = "Only conversions whose commission is in this status",
                                                 schema = @Schema(allowableValues = {"pending", "approved", "paid", "rejected", "voided", "held"}))
                                         @RequestParam(required = false) String status,
                                         @Parameter(description = "Only conversions from this source",
                                                 schema = @Schema(allowableValues = {"manual", "stripe", "event"}))
                                         @RequestParam(required = false) String source,
                                         @Parameter(description = "Only events of this type (source `event`)")
                                         @RequestParam(name = "event_type", required = false) String eventType,
                                         @Parameter(description = "Only conversions a fraud rule fired on, i.e. with "
                                                 + "`fraudRules` (true), or only the others (false). The flag stays on the "
                                                 + "conversion when its commission's flag is cleared: see the commissions' "
                                                 + "`flagged` for what is held now")
                                         @RequestParam(required = false) Boolean flagged) {
        return queries.list(caller.merchantId(), new ConversionQueries.Filter(affiliateId, status, source, eventType, flagged),
                Paging.of(page, limit, cursor));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getConversion", summary = "Get a conversion")
    @ApiResponse(responseCode = "200", description = "The conversion (as it stood at `as_of`, if given)",
            headers = {@Header(name = AsOfReads.POSITION_HEADER, description = AsOfReads.POSITION_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int64")),
                    @Header(name = AsOfReads.AS_OF_HEADER, description = AsOfReads.AS_OF_DESCRIPTION,
                            schema = @Schema(type = "string", format = "date-time"))})
    public ResponseEntity<ConversionView> get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                  @Parameter(description = ID) @PathVariable String id,
                                  @Parameter(description = AsOfReads.PARAMETER, schema = @Schema(format = "date-time"))
                                  @RequestParam(name = "as_of", required = false) String asOfParam) {
        if (!Ids.CONVERSION.matches(id)) {
            throw new NotFoundException("conversion", id);
        }
        if (asOfParam != null) {
            return asOf.answer(caller.merchantId(), AsOfReads.Resource.CONVERSION, id, asOfParam, ConversionQueryController::view);
        }
        return ResponseEntity.ok(queries.get(caller.merchantId(), id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(String json) {
        return json == null ? null : JSON.readValue(json, Map.class);
    }

    private static List<String> fraudRules(String rules) {
        return rules == null ? List.of() : List.of(rules.split(","));
    }
}
