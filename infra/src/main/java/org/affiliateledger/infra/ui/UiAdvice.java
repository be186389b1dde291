package org.affiliateledger.infra.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.events.common.InstantParam;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.infra.web.ProblemAdvice;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;

import java.time.Instant;

/**
 * For the dashboard's controllers only: the {@link UiContext} of every page, and refusals rendered as pages (with the
 * same messages the API gives) instead of problem+json.
 */
@ControllerAdvice(basePackageClasses = UiAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UiAdvice {
    private static final Logger log = LoggerFactory.getLogger(UiAdvice.class);

    @ModelAttribute(UiContext.ATTRIBUTE)
    public UiContext context(HttpServletRequest request) {
        return contextOf(request);
    }

    public static UiContext contextOf(HttpServletRequest request) {
        Object existing = request.getAttribute(UiContext.ATTRIBUTE + ".context");
        if (existing instanceof UiContext context) {
            return context;
        }
        UiSession session = request.getAttribute(UiSession.ATTRIBUTE) instanceof UiSession s ? s : null;
        Instant asOf = asOf(request.getParameter("as_of"));
        UiContext context = UiContext.of(session, request.getRequestURI(), asOf);
        request.setAttribute(UiContext.ATTRIBUTE + ".context", context);
        return context;
    }

    static Instant asOf(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant asOf = InstantParam.parse("as_of", value);
        if (asOf.isAfter(Instant.now())) {
            throw new InvalidRequestException("as_of " + value + " is in the future: the ledger cannot tell what will have "
                    + "happened by then").withCode("as_of_in_future");
        }
        return asOf;
    }

    @ExceptionHandler(LedgerException.class)
    public String refused(LedgerException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        int status = e instanceof NotFoundException ? 404 : statusOf(e);
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("message", e.getMessage());
        safeContext(request, model);
        return "ui/error";
    }

    @ExceptionHandler(CommandExecutionException.class)
    public String commandFailed(CommandExecutionException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (e.getCause() instanceof LedgerException ledger) {
            return refused(ledger, request, response, model);
        }
        return unexpected(e, request, response, model);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    @ResponseStatus(org.springframework.http.HttpStatus.NOT_FOUND)
    public String aggregateNotFound(AggregateNotFoundException e, HttpServletRequest request, Model model) {
        model.addAttribute("status", 404);
        model.addAttribute("message", e.getAggregateIdentifier() + " not found");
        safeContext(request, model);
        return "ui/error";
    }

    @ExceptionHandler(Exception.class)
    public String unexpected(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (org.affiliateledger.infra.db.DatabaseOutages.isOutage(e)) {
            log.warn("dashboard request {} answered 503, the database is unavailable: {}", request.getRequestURI(), e.toString());
            response.setStatus(503);
            response.setHeader("Retry-After", Integer.toString(org.affiliateledger.infra.db.DatabaseUnavailable.RETRY_AFTER_SECONDS));
            model.addAttribute("status", 503);
            model.addAttribute("message", "The ledger's database is unreachable right now. Try again in a few seconds.");
            return "ui/error"; // no layout context: it would read the database again
        }
        log.error("dashboard request {} failed", request.getRequestURI(), e);
        response.setStatus(500);
        model.addAttribute("status", 500);
        model.addAttribute("message", "Something went wrong on our side; the request id is in the logs.");
        safeContext(request, model);
        return "ui/error";
    }

    /** The error page's layout in the present when the request's own as_of was what failed. */
    private static void safeContext(HttpServletRequest request, Model model) {
        UiSession session = request.getAttribute(UiSession.ATTRIBUTE) instanceof UiSession s ? s : null;
        UiContext context;
        try {
            context = contextOf(request);
        } catch (LedgerException bad) {
            context = UiContext.of(session, request.getRequestURI(), null);
        }
        model.addAttribute(UiContext.ATTRIBUTE, context);
    }

    static int statusOf(LedgerException e) {
        return ProblemAdvice.statusOf(e).value();
    }
}
