package org.affiliateledger.query.history;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InstantParam;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.history.EventCatalogue;
import org.affiliateledger.query.support.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merchant's history: every event of its resources, oldest first, with who caused it and when; one resource's
 * timeline; the hash chain's head; and the auditor's export. Reads the history index (row-level security), see
 * {@link HistoryReads}.
 */
@RestController
@Tag(name = "History", description = "The audit trail: every change as an event, who caused it, and the hash chain")
public class HistoryController {
    static final String NDJSON = "application/x-ndjson";
    private static final Set<String> LIST_PARAMETERS =
            Set.of("cursor", "limit", "resource_id", "resource_type", "type", "actor", "correlation_id", "from", "to");
    private static final Set<String> TIMELINE_PARAMETERS = Set.of("cursor", "limit", "type", "actor", "from", "to");
    private static final Set<String> EXPORT_PARAMETERS = Set.of("from", "to");
    private static final String FROM = "Only events recorded at or after this instant (ISO-8601)";
    private static final String TO = "Only events recorded at or before this instant (ISO-8601)";
    private static final String TYPE = "Only events of this public type, e.g. `commission.approved` (README: Audit)";
    private static final String ACTOR = "Only events caused by this actor, e.g. `api_key:key_01…`, `stripe:evt_…`, `schedule`";

    private final HistoryReads history;
    private final HistoryExport export;
    private final EventChain chain;

    public HistoryController(HistoryReads history, HistoryExport export, EventChain chain) {
        this.history = history;
        this.export = export;
        this.chain = chain;
    }

    @GetMapping("/api/v1/history")
    @Operation(operationId = "listHistory", summary = "List the history",
            description = "Every event of the merchant's resources, oldest first by global position, with its actor, request, "
                    + "correlation, effective and recorded times, data and chain link. Cursor paging; an unknown parameter is a 400.")
    public HistoryPage list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                            @RequestParam(required = false) Integer limit,
                            @RequestParam(required = false) String cursor,
                            @Parameter(description = "Only events of this resource (`aff_…`, `cnv_…`, `com_…`, `pay_…`, `key_…`, "
                                    + "`msg_…:whe_…` for a webhook message's attempts to one endpoint, or the merchant's id for program events)")
                            @RequestParam(name = "resource_id", required = false) String resourceId,
                            @Parameter(description = "Only events of this kind of resource", schema = @Schema(allowableValues =
                                    {"affiliate", "conversion", "commission", "payout", "program", "api_key", "webhook_endpoint", "webhook_message"}))
                            @RequestParam(name = "resource_type", required = false) String resourceType,
                            @Parameter(description = TYPE) @RequestParam(required = false) String type,
                            @Parameter(description = ACTOR) @RequestParam(required = false) String actor,
                            @Parameter(description = "Only events of this chain of causes (an item's `correlationId`)")
                            @RequestParam(name = "correlation_id", required = false) String correlationId,
                            @Parameter(description = FROM, schema = @Schema(format = "date-time"))
                            @RequestParam(required = false) String from,
                            @Parameter(description = TO, schema = @Schema(format = "date-time"))
                            @RequestParam(required = false) String to) {
        onlyKnown(request, LIST_PARAMETERS);
        if (resourceType != null && !EventCatalogue.RESOURCE_TYPES.contains(resourceType)) {
            throw new InvalidRequestException("resource_type must be one of " + String.join(", ", EventCatalogue.RESOURCE_TYPES)
                    + "; got \"" + resourceType + "\"");
        }
        HistoryReads.Filter filter = new HistoryReads.Filter(blankless("resource_id", resourceId), resourceType,
                type(type), blankless("actor", actor), blankless("correlation_id", correlationId), null, null);
        return page(caller.merchantId(), times(filter, from, to), limit, cursor);
    }

    @GetMapping("/api/v1/affiliates/{id}/history")
    @Operation(operationId = "listAffiliateHistory", summary = "An affiliate's history",
            description = "The affiliate's own events, oldest first; the same items as `GET /api/v1/history`.")
    public HistoryPage affiliate(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                 @Parameter(description = "The affiliate's id (`aff_…`)") @PathVariable String id,
                                 @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                                 @Parameter(description = TYPE) @RequestParam(required = false) String type,
                                 @Parameter(description = ACTOR) @RequestParam(required = false) String actor,
                                 @Parameter(description = FROM, schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
                                 @Parameter(description = TO, schema = @Schema(format = "date-time")) @RequestParam(required = false) String to) {
        return timeline(caller, request, "affiliate", Ids.AFFILIATE, id, limit, cursor, type, actor, from, to);
    }

    @GetMapping("/api/v1/conversions/{id}/history")
    @Operation(operationId = "listConversionHistory", summary = "A conversion's history",
            description = "The conversion's own events (recorded, refunded, disputed…), oldest first; its commissions have "
                    + "their own history. The same items as `GET /api/v1/history`.")
    public HistoryPage conversion(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                  @Parameter(description = "The conversion's id (`cnv_…`)") @PathVariable String id,
                                  @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                                  @Parameter(description = TYPE) @RequestParam(required = false) String type,
                                  @Parameter(description = ACTOR) @RequestParam(required = false) String actor,
                                  @Parameter(description = FROM, schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
                                  @Parameter(description = TO, schema = @Schema(format = "date-time")) @RequestParam(required = false) String to) {
        return timeline(caller, request, "conversion", Ids.CONVERSION, id, limit, cursor, type, actor, from, to);
    }

    @GetMapping("/api/v1/commissions/{id}/history")
    @Operation(operationId = "listCommissionHistory", summary = "A commission's history",
            description = "The commission's events (created, held, released, approved, paid…), oldest first; the same items "
                    + "as `GET /api/v1/history`.")
    public HistoryPage commission(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                  @Parameter(description = "The commission's id (`com_…`)") @PathVariable String id,
                                  @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                                  @Parameter(description = TYPE) @RequestParam(required = false) String type,
                                  @Parameter(description = ACTOR) @RequestParam(required = false) String actor,
                                  @Parameter(description = FROM, schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
                                  @Parameter(description = TO, schema = @Schema(format = "date-time")) @RequestParam(required = false) String to) {
        return timeline(caller, request, "commission", Ids.COMMISSION, id, limit, cursor, type, actor, from, to);
    }

    @GetMapping("/api/v1/payouts/{id}/history")
    @Operation(operationId = "listPayoutHistory", summary = "A payout's history",
            description = "The payout's events, oldest first; the same items as `GET /api/v1/history`.")
    public HistoryPage payout(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                              @Parameter(description = "The payout's id (`pay_…`)") @PathVariable String id,
                              @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                              @Parameter(description = TYPE) @RequestParam(required = false) String type,
                              @Parameter(description = ACTOR) @RequestParam(required = false) String actor,
                              @Parameter(description = FROM, schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
                              @Parameter(description = TO, schema = @Schema(format = "date-time")) @RequestParam(required = false) String to) {
        return timeline(caller, request, "payout", Ids.PAYOUT, id, limit, cursor, type, actor, from, to);
    }

    /** The chain's head: record it outside the ledger, and any later change to the history up to it shows. */
    @Schema(name = "HistoryHead")
    public record Head(@Schema(description = "The position of the last event linked into the chain (0: none yet)") long position,
                       @Schema(description = "Its link: hex SHA-256 over the whole log up to it") String hash,
                       @Schema(format = "date-time", description = "When that event was recorded") @Nullable String at) {
    }

    @GetMapping("/api/v1/history/head")
    @Operation(operationId = "getHistoryHead", summary = "The hash chain's head",
            description = "The last link of the SHA-256 chain over the whole event log (every merchant's events). Record it "
                    + "outside the ledger: `POST /admin/v1/history/verify` and the export prove the history up to it unchanged.")
    public Head head(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller) {
        EventChain.Head head = chain.head();
        return new Head(head.position(), head.hash(), Timestamps.format(export.recordedAt(head.position())));
    }

    @GetMapping("/api/v1/history/export")
    @Operation(operationId = "exportHistory", summary = "Export the history for an auditor",
            description = "The merchant's events linked into the chain so far, as NDJSON streamed in constant memory: one "
                    + "history item per line with its chain material (`chain.previousHash`, `chain.canonical`, `chain.payload`, "
                    + "`chain.metadata`), then a last line `{\"summary\": {\"count\", \"firstPosition\", \"previousHash\", "
                    + "\"lastPosition\", \"lastHash\", \"head\"}}`. The README shows how to check it with `sha256sum` and `jq`.")
    @ApiResponse(responseCode = "200", description = "NDJSON: one event per line, then the summary line",
            content = @Content(mediaType = NDJSON, schema = @Schema(type = "string")))
    public void export(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                       HttpServletResponse response,
                       @Parameter(description = FROM, schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
                       @Parameter(description = TO, schema = @Schema(format = "date-time")) @RequestParam(required = false) String to)
            throws IOException {
        onlyKnown(request, EXPORT_PARAMETERS);
        HistoryReads.Filter filter = times(HistoryReads.Filter.NONE, from, to);
        response.setContentType(NDJSON + ";charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"history-" + caller.merchantId() + ".ndjson\"");
        export.write(caller.merchantId(), filter, response.getOutputStream());
    }

    private HistoryPage timeline(ApiCaller caller, HttpServletRequest request, String kind, Ids ids, String id, Integer limit,
                                 String cursor, String type, String actor, String from, String to) {
        onlyKnown(request, TIMELINE_PARAMETERS);
        if (!ids.matches(id) || !history.exists(caller.merchantId(), id)) {
            throw new NotFoundException(kind, id);
        }
        HistoryReads.Filter filter = new HistoryReads.Filter(id, null, type(type), blankless("actor", actor), null, null, null);
        return page(caller.merchantId(), times(filter, from, to), limit, cursor);
    }

    private HistoryPage page(String merchantId, HistoryReads.Filter filter, Integer limit, String cursor) {
        return history.listPage(merchantId, filter, limit, cursor);
    }

    private static HistoryReads.Filter times(HistoryReads.Filter filter, String from, String to) {
        Instant since = InstantParam.parse("from", from);
        Instant until = InstantParam.parse("to", to);
        if (since != null && until != null && since.isAfter(until)) {
            throw new InvalidRequestException("from (" + from + ") is after to (" + to + ")").withCode("from_after_to");
        }
        return new HistoryReads.Filter(filter.resourceId(), filter.resourceType(), filter.type(), filter.actor(),
                filter.correlationId(), since, until);
    }

    private static String type(String type) {
        if (type == null) {
            return null;
        }
        if (!EventCatalogue.isType(type) && !(type.endsWith(".other")
                && EventCatalogue.RESOURCE_TYPES.contains(type.substring(0, type.length() - ".other".length())))) {
            throw new InvalidRequestException("type \"" + type + "\" is not a public event type; known: "
                    + String.join(", ", EventCatalogue.types())).withCode("unknown_event_type");
        }
        return type;
    }

    private static String blankless(String parameter, String value) {
        if (value != null && value.isBlank()) {
            throw new InvalidRequestException(parameter + " must not be blank");
        }
        return value;
    }

    /** A parameter the endpoint does not know is a 400 naming it, never silently ignored (a typo would list everything). */
    private static void onlyKnown(HttpServletRequest request, Set<String> known) {
        List<String> unknown = new ArrayList<>(new TreeSet<>(request.getParameterMap().keySet()));
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; this endpoint takes " + String.join(", ", new TreeSet<>(known)))
                    .withCode("unknown_parameter");
        }
    }
}
