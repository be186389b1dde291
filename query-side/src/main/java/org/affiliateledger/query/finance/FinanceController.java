package org.affiliateledger.query.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finance reads: balances per affiliate and currency on two time axes, the program's totals, and statements that
 * explain every cent. HTTP in, {@link BalanceQueries} out.
 */
@RestController
@Tag(name = "Finance", description = "Balances on two time axes (as_of: effective time, known_at: recorded time) and statements")
public class FinanceController {
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final String AS_OF = "The balance as of this effective time (when things happened in the world, e.g. a "
            + "Stripe refund's own `created`), ISO-8601; default now. 400 if in the future";
    private static final String KNOWN_AT = "Count only what the ledger had recorded by this instant, ISO-8601; default now. "
            + "`as_of=2026-03-31T23:59:59Z&known_at=2026-04-01T00:00:00Z` is March 31 as the books stood on April 1";
    private static final String CURRENCY = "Only this currency (ISO-4217)";
    private static final Set<String> BALANCE_PARAMETERS = Set.of("as_of", "known_at", "currency");
    private static final Set<String> LIST_PARAMETERS =
            Set.of("as_of", "known_at", "currency", "affiliate_id", "min_outstanding", "limit", "cursor", "page");
    private static final Set<String> STATEMENT_PARAMETERS = Set.of("currency", "from", "to", "known_at");

    private final BalanceQueries balances;

    public FinanceController(BalanceQueries balances) {
        this.balances = balances;
    }

    @GetMapping("/api/v1/affiliates/{id}/balance")
    @Operation(operationId = "getAffiliateBalance", summary = "An affiliate's balance",
            description = "Per currency (never added together): pending, held, approved, inPayout, paid, voided, clawedBack, "
                    + "outstanding, with earned and reduced, so that earned − reduced − voided − clawedBack − paid = pending + "
                    + "held + approved + inPayout. An affiliate without commissions has no balances (or zeros in `currency`).")
    @ApiResponse(responseCode = "200", description = "The balances")
    @ApiResponse(responseCode = "404", description = "No such affiliate in this program")
    public BalanceQueries.BalanceList affiliate(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                                @Parameter(description = "The affiliate's id (`aff_…`)") @PathVariable String id,
                                                @Parameter(description = AS_OF, schema = @Schema(format = "date-time"))
                                                @RequestParam(name = "as_of", required = false) String asOf,
                                                @Parameter(description = KNOWN_AT, schema = @Schema(format = "date-time"))
                                                @RequestParam(name = "known_at", required = false) String knownAt,
                                                @Parameter(description = CURRENCY) @RequestParam(required = false) String currency) {
        onlyKnown(request, BALANCE_PARAMETERS);
        BalanceQueries.Cut cut = balances.cut(asOf, knownAt);
        return balances.affiliate(caller.merchantId(), id, BalanceQueries.currency(currency), cut);
    }

    @GetMapping("/api/v1/balances")
    @Operation(operationId = "listBalances", summary = "List balances",
            description = "One row per affiliate and currency with a balance at the cut, newest affiliate first; cursor "
                    + "(or page) paging. The same fields as an affiliate's balance.")
    public ListPage<Balance> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                  @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer limit,
                                  @RequestParam(required = false) String cursor,
                                  @Parameter(description = AS_OF, schema = @Schema(format = "date-time"))
                                  @RequestParam(name = "as_of", required = false) String asOf,
                                  @Parameter(description = KNOWN_AT, schema = @Schema(format = "date-time"))
                                  @RequestParam(name = "known_at", required = false) String knownAt,
                                  @Parameter(description = CURRENCY) @RequestParam(required = false) String currency,
                                  @Parameter(description = "Only this affiliate (its id or short code)")
                                  @RequestParam(name = "affiliate_id", required = false) String affiliateId,
                                  @Parameter(description = "Only balances whose `outstanding` is at least this, in minor units")
                                  @RequestParam(name = "min_outstanding", required = false) Long minOutstanding) {
        onlyKnown(request, LIST_PARAMETERS);
        Paging paging = Paging.of(page, limit, cursor);
        BalanceQueries.Cut cut = balances.cut(asOf, knownAt);
        return balances.list(caller.merchantId(), BalanceQueries.currency(currency), affiliateId, minOutstanding, paging, cut);
    }

    @GetMapping("/api/v1/balances/totals")
    @Operation(operationId = "getBalanceTotals", summary = "The program's totals per currency",
            description = "Every affiliate's balance added up, one row per currency.")
    public BalanceQueries.Totals totals(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                        @Parameter(description = AS_OF, schema = @Schema(format = "date-time"))
                                        @RequestParam(name = "as_of", required = false) String asOf,
                                        @Parameter(description = KNOWN_AT, schema = @Schema(format = "date-time"))
                                        @RequestParam(name = "known_at", required = false) String knownAt,
                                        @Parameter(description = CURRENCY) @RequestParam(required = false) String currency) {
        onlyKnown(request, BALANCE_PARAMETERS);
        BalanceQueries.Cut cut = balances.cut(asOf, knownAt);
        return balances.totals(caller.merchantId(), BalanceQueries.currency(currency), cut);
    }

    @GetMapping("/api/v1/affiliates/{id}/statement")
    @Operation(operationId = "getAffiliateStatement", summary = "An affiliate's statement",
            description = "The opening balance (as of just before `from`), one line per movement effective from `from` to `to` "
                    + "(earned, reduced, held, released, flagged, flag_cleared, approved, rejected, voided, clawed_back, "
                    + "included_in_payout, paid, payout_failed) with its amount, the buckets it moved between, the running "
                    + "balance after it, its effective and recorded times, the event and its causes; then the closing balance, "
                    + "which equals `GET …/balance?as_of=<to>`. `Accept: text/csv` (or `…/statement.csv`) gives it as CSV.")
    @ApiResponse(responseCode = "200", description = "The statement", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = BalanceQueries.Statement.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "404", description = "No such affiliate in this program")
    public ResponseEntity<?> statement(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                       @Parameter(description = "The affiliate's id (`aff_…`)") @PathVariable String id,
                                       @Parameter(description = "ISO-4217 code; may be left out when the affiliate has one currency")
                                       @RequestParam(required = false) String currency,
                                       @Parameter(description = "First effective instant of the period (inclusive); default: the beginning",
                                               schema = @Schema(format = "date-time"))
                                       @RequestParam(required = false) String from,
                                       @Parameter(description = "Last effective instant of the period (inclusive); default now",
                                               schema = @Schema(format = "date-time"))
                                       @RequestParam(required = false) String to,
                                       @Parameter(description = KNOWN_AT, schema = @Schema(format = "date-time"))
                                       @RequestParam(name = "known_at", required = false) String knownAt) {
        BalanceQueries.Statement statement = statementOf(caller, request, id, currency, from, to, knownAt);
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("text/csv") && !accept.contains("application/json")) {
            return csv(statement);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(statement);
    }

    @GetMapping("/api/v1/affiliates/{id}/statement.csv")
    @Operation(operationId = "exportAffiliateStatement", summary = "An affiliate's statement as CSV",
            description = "The statement as RFC 4180 CSV: a header, an `opening` row, one row per movement, a `closing` row; "
                    + "each row carries the running balance. Text a spreadsheet would run as a formula is prefixed with `'`.")
    @ApiResponse(responseCode = "200", description = "The statement as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "No such affiliate in this program")
    public ResponseEntity<String> statementCsv(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                               @Parameter(description = "The affiliate's id (`aff_…`)") @PathVariable String id,
                                               @Parameter(description = "ISO-4217 code; may be left out when the affiliate has one currency")
                                               @RequestParam(required = false) String currency,
                                               @Parameter(description = "First effective instant (inclusive)", schema = @Schema(format = "date-time"))
                                               @RequestParam(required = false) String from,
                                               @Parameter(description = "Last effective instant (inclusive); default now", schema = @Schema(format = "date-time"))
                                               @RequestParam(required = false) String to,
                                               @Parameter(description = KNOWN_AT, schema = @Schema(format = "date-time"))
                                               @RequestParam(name = "known_at", required = false) String knownAt) {
        return csv(statementOf(caller, request, id, currency, from, to, knownAt));
    }

    private BalanceQueries.Statement statementOf(ApiCaller caller, HttpServletRequest request, String id, String currency,
                                                 String from, String to, String knownAt) {
        onlyKnown(request, STATEMENT_PARAMETERS);
        BalanceQueries.Period period = balances.period(from, to, knownAt);
        return balances.statement(caller.merchantId(), id, BalanceQueries.currency(currency), period);
    }

    private static ResponseEntity<String> csv(BalanceQueries.Statement statement) {
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement-" + statement.affiliateId() + "-"
                        + statement.currency() + ".csv\"")
                .body(StatementCsv.write(statement));
    }

    /** A parameter the endpoint does not know is a 400 naming it: a typo of `as_of` must not answer "now". */
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
