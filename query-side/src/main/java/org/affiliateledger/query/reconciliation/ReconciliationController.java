package org.affiliateledger.query.reconciliation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.InstantParam;
import org.affiliateledger.events.common.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/reconciliation}: Stripe and conversions ↔ commissions ↔ payouts, with the breaks between them,
 * computed from the event log at a stated position. Parses the query and renders the report; {@link Reconciliations}
 * runs it, the {@link ReconciliationRule}s judge it.
 */
@RestController
@Tag(name = "Finance", description = "Balances on two time axes (as_of: effective time, known_at: recorded time) and statements")
public class ReconciliationController {
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    static final String POSITION_HEADER = "X-Ledger-At-Position";
    private static final Set<String> PARAMETERS = Set.of("from", "to", "currency", "at_position");
    private static final String DESCRIPTION = "For the period (effective time, `from` and `to` inclusive; both optional), "
            + "per currency and per affiliate: (1) revenue as reported — Stripe charges attributed, manual and event "
            + "conversions, refunds, disputes opened/won/lost; (2) the commissions the ledger derived — earned (by the rate "
            + "recorded on each), reduced, voided or rejected, clawed back; (3) payouts created/sent/paid/failed, the "
            + "commissions inside the paid ones, and payments by hand; and the balance identity at the cut. Then the breaks, "
            + "each with its kind, both amounts and the events behind it: `commission_amount_mismatch` (amount ≠ base × "
            + "recorded rate / 100, half-even), `refund_not_proportional`, `payout_amount_mismatch` (a paid payout ≠ the sum "
            + "of its commissions, clawbacks included), `paid_payout_commission_not_paid`, `commission_paid_twice`, "
            + "`commission_paid_outside_payout`, `balance_invariant_violated` (earned − reduced − voided − clawed back − "
            + "paid ≠ pending + held + approved + in payout). Stripe refunds and disputes of charges never attributed are "
            + "listed in `unmatchedStripeActivity`, not as breaks. Computed from the event log up to `atPosition` (the "
            + "head by default): the same `at_position`, period and currency answer the same bytes, whatever happened "
            + "since. `Accept: text/csv` (or `/api/v1/reconciliation.csv`) answers one RFC 4180 table.";

    private final Reconciliations reconciliations;

    public ReconciliationController(Reconciliations reconciliations) {
        this.reconciliations = reconciliations;
    }

    @GetMapping("/api/v1/reconciliation")
    @Operation(operationId = "getReconciliation", summary = "Reconcile Stripe, commissions and payouts", description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The reconciliation, as JSON or (Accept: text/csv) CSV",
            headers = @Header(name = POSITION_HEADER, description = "The event position the report is cut at",
                    schema = @Schema(type = "integer", format = "int64")),
            content = {@Content(mediaType = "application/json", schema = @Schema(implementation = ReconciliationReport.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    public ResponseEntity<?> reconcile(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                       @Parameter(description = FROM, schema = @Schema(format = "date-time"))
                                       @RequestParam(required = false) String from,
                                       @Parameter(description = TO, schema = @Schema(format = "date-time"))
                                       @RequestParam(required = false) String to,
                                       @Parameter(description = CURRENCY) @RequestParam(required = false) String currency,
                                       @Parameter(description = AT_POSITION, schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                                       @RequestParam(name = "at_position", required = false) String atPosition) {
        ReconciliationReport report = run(caller, request, from, to, currency, atPosition);
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv")) {
            return csv(report);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(POSITION_HEADER, Long.toString(report.atPosition())).body(report);
    }

    @GetMapping("/api/v1/reconciliation.csv")
    @Operation(operationId = "exportReconciliation", summary = "Reconcile as CSV",
            description = "The reconciliation as one RFC 4180 table (CRLF line ends): the column `record` says what a row "
                    + "is — `affiliate` and `total` rows per currency (the three sides and the balance), `break` rows (kind, "
                    + "subject, expected and actual amounts, the event ids behind it), `unmatched_stripe_activity` rows — and "
                    + "every row carries `at_position`. Text a spreadsheet would run as a formula is prefixed with `'`. "
                    + "The same parameters as `GET /api/v1/reconciliation`.")
    @ApiResponse(responseCode = "200", description = "The reconciliation as CSV",
            headers = @Header(name = POSITION_HEADER, description = "The event position the report is cut at",
                    schema = @Schema(type = "integer", format = "int64")),
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    public ResponseEntity<String> export(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
                                         @Parameter(description = FROM, schema = @Schema(format = "date-time"))
                                         @RequestParam(required = false) String from,
                                         @Parameter(description = TO, schema = @Schema(format = "date-time"))
                                         @RequestParam(required = false) String to,
                                         @Parameter(description = CURRENCY) @RequestParam(required = false) String currency,
                                         @Parameter(description = AT_POSITION, schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                                         @RequestParam(name = "at_position", required = false) String atPosition) {
        return csv(run(caller, request, from, to, currency, atPosition));
    }

    private static final String FROM = "Start of the period, an ISO-8601 instant (effective time, inclusive); default: the beginning";
    private static final String TO = "End of the period, an ISO-8601 instant (effective time, inclusive); default: up to the cut";
    private static final String CURRENCY = "Only this ISO-4217 currency; default: every currency, each on its own";
    private static final String AT_POSITION = "Cut the event log at this global position (a report's `atPosition`) to get "
            + "that report again, byte for byte; default: the head. 400 beyond the head";

    private ReconciliationReport run(ApiCaller caller, HttpServletRequest request, String from, String to, String currency,
                                     String atPosition) {
        onlyKnown(request);
        Instant since = InstantParam.parse("from", from);
        Instant until = InstantParam.parse("to", to);
        if (since != null && until != null && since.isAfter(until)) {
            throw new InvalidRequestException("from (" + from + ") is after to (" + to + ")").withCode("from_after_to");
        }
        return reconciliations.run(caller.merchantId(), since, until, currency(currency), position(atPosition));
    }

    private static ResponseEntity<String> csv(ReconciliationReport report) {
        return ResponseEntity.ok().contentType(CSV)
                .header(POSITION_HEADER, Long.toString(report.atPosition()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"reconciliation-" + report.atPosition() + ".csv\"")
                .body(ReconciliationCsv.of(report));
    }

    static String currency(String currency) {
        if (currency == null) {
            return null;
        }
        if (currency.isBlank()) {
            throw new InvalidRequestException("currency must not be blank: give an ISO-4217 code such as USD, or leave it out")
                    .withCode("invalid_currency");
        }
        return Currencies.normalise(currency);
    }

    static Long position(String atPosition) {
        if (atPosition == null) {
            return null;
        }
        try {
            long position = Long.parseLong(atPosition.strip());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new InvalidRequestException("at_position must be a global event position, a whole number 0 or more (a "
                + "report's atPosition); got \"" + atPosition + "\"").withCode("invalid_at_position");
    }

    private static void onlyKnown(HttpServletRequest request) {
        List<String> unknown = new ArrayList<>(new TreeSet<>(request.getParameterMap().keySet()));
        unknown.removeAll(PARAMETERS);
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; this endpoint takes " + String.join(", ", new TreeSet<>(PARAMETERS)))
                    .withCode("unknown_parameter");
        }
    }
}
