package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.query.finance.Balance;
import org.affiliateledger.query.finance.BalanceQueries;
import org.affiliateledger.query.finance.StatementCsv;
import org.affiliateledger.query.reconciliation.ReconciliationCsv;
import org.affiliateledger.query.reconciliation.ReconciliationReport;
import org.affiliateledger.query.reconciliation.Reconciliations;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code /ui/finance}: balances on the two time axes (effective {@code as_of}: the page's past view; {@code known_at}:
 * what the ledger had recorded by then), an affiliate's statement with its running balance (and its CSV), and the
 * reconciliation of a period with each break linked to its resources and events. Read through the API's own
 * {@link BalanceQueries} and {@link Reconciliations}.
 */
@Controller
@Hidden
@RequestMapping("/ui/finance")
public class UiFinanceController {
    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private final BalanceQueries balances;
    private final Reconciliations reconciliations;

    public UiFinanceController(BalanceQueries balances, Reconciliations reconciliations) {
        this.balances = balances;
        this.reconciliations = reconciliations;
    }

    @GetMapping
    public String balances(HttpServletRequest request, Model model,
                           @RequestParam(name = "known_at", required = false) String knownAt,
                           @RequestParam(required = false) String currency,
                           @RequestParam(required = false) String cursor) {
        UiContext ui = UiAdvice.contextOf(request);
        String code = blankToNull(currency) == null ? null : BalanceQueries.currency(currency);
        BalanceQueries.Cut cut = cut(ui, knownAt);
        BalanceQueries.Totals totals = balances.totals(ui.merchantId(), code, cut);
        ListPage<Balance> page = balances.list(ui.merchantId(), code, null, null,
                Paging.of(null, UiPaging.LIMIT, blankToNull(cursor)), cut);
        model.addAttribute("cut", cut);
        model.addAttribute("knownAt", blankToNull(knownAt));
        model.addAttribute("currency", code);
        model.addAttribute("totals", totals.totals());
        model.addAttribute("balances", page.data());
        model.addAttribute("nextLink", UiPaging.next(request, ui, page.nextCursor()));
        return "ui/finance";
    }

    @GetMapping("/statement")
    public String statement(HttpServletRequest request, Model model,
                            @RequestParam(required = false) String affiliate,
                            @RequestParam(required = false) String currency,
                            @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to) {
        UiContext ui = UiAdvice.contextOf(request);
        model.addAttribute("affiliate", blankToNull(affiliate));
        model.addAttribute("currency", blankToNull(currency));
        model.addAttribute("from", blankToNull(from));
        model.addAttribute("to", blankToNull(to));
        if (blankToNull(affiliate) != null) {
            BalanceQueries.Statement statement = statementOf(ui, affiliate, currency, from, to);
            model.addAttribute("statement", statement);
            model.addAttribute("csvLink", link(ui, "/ui/finance/statement.csv", currency, "affiliate", affiliate, "from", from, "to", to));
        }
        return "ui/statement";
    }

    @GetMapping("/statement.csv")
    public ResponseEntity<String> statementCsv(HttpServletRequest request,
                                               @RequestParam String affiliate,
                                               @RequestParam(required = false) String currency,
                                               @RequestParam(required = false) String from,
                                               @RequestParam(required = false) String to) {
        BalanceQueries.Statement statement = statementOf(UiAdvice.contextOf(request), affiliate, currency, from, to);
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement-" + statement.affiliateId() + "-"
                        + statement.currency() + ".csv\"")
                .body(StatementCsv.write(statement));
    }

    @GetMapping("/reconciliation")
    public String reconciliation(HttpServletRequest request, Model model,
                                 @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to,
                                 @RequestParam(required = false) String currency,
                                 @RequestParam(name = "at_position", required = false) String atPosition) {
        UiContext ui = UiAdvice.contextOf(request);
        model.addAttribute("from", blankToNull(from));
        model.addAttribute("to", blankToNull(to));
        model.addAttribute("currency", blankToNull(currency));
        model.addAttribute("report", report(ui, from, to, currency, atPosition));
        model.addAttribute("csvLink", link(ui, "/ui/finance/reconciliation.csv", currency, "from", from, "to", to,
                "at_position", atPosition));
        return "ui/reconciliation";
    }

    @GetMapping("/reconciliation.csv")
    public ResponseEntity<String> reconciliationCsv(HttpServletRequest request,
                                                    @RequestParam(required = false) String from,
                                                    @RequestParam(required = false) String to,
                                                    @RequestParam(required = false) String currency,
                                                    @RequestParam(name = "at_position", required = false) String atPosition) {
        ReconciliationReport report = report(UiAdvice.contextOf(request), from, to, currency, atPosition);
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"reconciliation-" + report.atPosition() + ".csv\"")
                .body(ReconciliationCsv.of(report));
    }

    /** Effective time: the past view's instant (or now); recorded time: {@code known_at}, else the same instant. */
    private BalanceQueries.Cut cut(UiContext ui, String knownAt) {
        String asOf = ui.pastView() ? ui.asOf().toString() : null;
        String known = blankToNull(knownAt) != null ? knownAt.strip() : asOf;
        return balances.cut(asOf, known);
    }

    private BalanceQueries.Statement statementOf(UiContext ui, String affiliate, String currency, String from, String to) {
        Instant end = day("to", to, true);
        if (ui.pastView() && (end == null || end.isAfter(ui.asOf()))) {
            end = ui.asOf();
        }
        String known = ui.pastView() ? ui.asOf().toString() : null;
        Instant start = day("from", from, false);
        BalanceQueries.Period period = balances.period(start == null ? null : start.toString(), end == null ? null : end.toString(), known);
        String code = blankToNull(currency) == null ? null : BalanceQueries.currency(currency);
        return balances.statement(ui.merchantId(), affiliate.strip(), code, period);
    }

    private ReconciliationReport report(UiContext ui, String from, String to, String currency, String atPosition) {
        Instant since = day("from", from, false);
        Instant until = day("to", to, true);
        if (ui.pastView() && (until == null || until.isAfter(ui.asOf()))) {
            until = ui.asOf();
        }
        if (since != null && until != null && since.isAfter(until)) {
            throw new InvalidRequestException("from (" + from + ") is after to (" + (to == null ? ui.asOfText() : to) + ")")
                    .withCode("from_after_to");
        }
        Long position = null;
        if (blankToNull(atPosition) != null) {
            try {
                position = Long.parseLong(atPosition.strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("at_position must be an event position (a whole number), got \"" + atPosition + "\"");
            }
        }
        String code = blankToNull(currency) == null ? null : BalanceQueries.currency(currency);
        return reconciliations.run(ui.merchantId(), since, until, code, position);
    }

    /** A day of the form (UTC): its first instant, or with {@code end} its last; an ISO instant is taken as it is. */
    static Instant day(String name, String value, boolean end) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 10) {
                LocalDate date = LocalDate.parse(text);
                return end ? date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
                        : date.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " must be a date such as 2026-03-31 (UTC) or an ISO-8601 instant, got \"" + text + "\"");
        }
    }

    /**
     * A link with {@code currency} first: the templates write links as they are, and a browser reads "&amp;curren" in an
     * attribute as the character reference ¤ ("…&currency=" would arrive as "…¤cy=").
     */
    static String link(UiContext ui, String path, String currency, String... namesAndValues) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        if (blankToNull(currency) != null) {
            uri.queryParam("currency", currency.strip());
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (blankToNull(namesAndValues[i + 1]) != null) {
                uri.queryParam(namesAndValues[i], namesAndValues[i + 1].strip());
            }
        }
        if (ui.pastView()) {
            uri.queryParam("as_of", ui.asOfText());
        }
        return uri.build().encode().toUriString();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
