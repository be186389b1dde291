package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.history.EventCatalogue;
import org.affiliateledger.infra.security.AdminTokenFilter;
import org.affiliateledger.query.history.HistoryAdminController;
import org.affiliateledger.query.history.HistoryController;
import org.affiliateledger.query.history.HistoryItem;
import org.affiliateledger.query.history.HistoryPage;
import org.affiliateledger.query.history.HistoryReads;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

/**
 * {@code /ui/history}: the merchant's event feed with the API's filters (type, kind of resource, resource, actor, chain of
 * causes, time), one resource's timeline ({@code ?resource=}) with who or what caused each event, the hash chain's head,
 * and the operator's verify — which needs the admin token typed into the form; it is checked and dropped, never stored
 * or sent back. Reads through {@link HistoryReads} and {@link HistoryController} (the API's), verify through
 * {@link HistoryAdminController} (the operator API's).
 */
@Controller
@Hidden
@RequestMapping("/ui/history")
public class UiHistoryController {
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private final HistoryReads history;
    private final HistoryController api;
    private final HistoryAdminController operator;
    private final AdminTokenFilter adminToken;

    public UiHistoryController(HistoryReads history, HistoryController api, HistoryAdminController operator,
                               AdminTokenFilter adminToken) {
        this.history = history;
        this.api = api;
        this.operator = operator;
        this.adminToken = adminToken;
    }

    /** A history item as the feed shows it, with its data as indented JSON. */
    public record Row(HistoryItem item, String data, String link) {
    }

    @GetMapping
    public String feed(HttpServletRequest request, Model model,
                       @RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                       @RequestParam(required = false) String type,
                       @RequestParam(name = "resource_type", required = false) String resourceType,
                       @RequestParam(required = false) String resource,
                       @RequestParam(required = false) String actor,
                       @RequestParam(name = "correlation_id", required = false) String correlationId,
                       @RequestParam(required = false) String from,
                       @RequestParam(required = false) String to,
                       @RequestParam(required = false) String cursor) {
        UiContext ui = UiAdvice.contextOf(request);
        String t = blank(type);
        if (t != null && !EventCatalogue.isType(t)) {
            throw new InvalidRequestException("type \"" + t + "\" is not a public event type").withCode("unknown_event_type");
        }
        String kind = blank(resourceType);
        if (kind != null && !EventCatalogue.RESOURCE_TYPES.contains(kind)) {
            throw new InvalidRequestException("resource_type must be one of " + String.join(", ", EventCatalogue.RESOURCE_TYPES));
        }
        Instant since = UiWebhooksController.instant("from", from);
        Instant until = UiWebhooksController.instant("to", to);
        if (ui.pastView() && (until == null || until.isAfter(ui.asOf()))) {
            until = ui.asOf(); // the history as it stood then: nothing recorded after the instant
        }
        if (since != null && until != null && since.isAfter(until)) {
            throw new InvalidRequestException("from (" + since + ") is after to (" + until + ")").withCode("from_after_to");
        }
        HistoryReads.Filter filter = new HistoryReads.Filter(blank(resource), kind, t, blank(actor), blank(correlationId),
                since, until);
        HistoryPage page = history.listPage(ui.merchantId(), filter, UiPaging.LIMIT, blank(cursor));
        model.addAttribute("rows", page.data().stream().map(item -> new Row(item, PRETTY.writeValueAsString(item.data()),
                screenOf(item))).toList());
        model.addAttribute("filter", filter);
        model.addAttribute("fromText", from == null ? "" : from);
        model.addAttribute("toText", to == null ? "" : to);
        model.addAttribute("types", EventCatalogue.types());
        model.addAttribute("resourceTypes", EventCatalogue.RESOURCE_TYPES);
        model.addAttribute("filtered", filter.resourceId() != null || kind != null || t != null || filter.actor() != null
                || filter.correlationId() != null || since != null || to != null);
        model.addAttribute("nextLink", UiPaging.next(request, ui, page.nextCursor()));
        model.addAttribute("head", api.head(caller));
        return "ui/history";
    }

    @PostMapping("/verify")
    public String verify(HttpServletRequest request, HttpServletResponse response, Model model,
                         @RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                         @RequestParam(name = "admin_token", required = false) String token,
                         @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        model.addAttribute("head", api.head(caller));
        if (!adminToken.accepts(token)) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            model.addAttribute("verifyError", "That is not the operator's admin token (LEDGER_ADMIN_TOKEN): nothing was verified.");
            return "ui/history-verify";
        }
        HistoryAdminController.VerifyResponse result = operator.verify(new HistoryAdminController.VerifyRequest(
                position("from", from), position("to", to)));
        model.addAttribute("result", result);
        return "ui/history-verify";
    }

    /** The dashboard screen of the item's resource, where there is one. */
    private static String screenOf(HistoryItem item) {
        return switch (item.resourceType()) {
            case EventCatalogue.COMMISSION -> "/ui/commissions/" + item.resourceId();
            case EventCatalogue.AFFILIATE -> "/ui/affiliates/" + item.resourceId();
            case EventCatalogue.CONVERSION -> "/ui/conversions/" + item.resourceId();
            case EventCatalogue.PAYOUT -> "/ui/payouts/" + item.resourceId();
            default -> null;
        };
    }

    private static Long position(String name, String value) {
        String text = blank(value);
        if (text == null) {
            return null;
        }
        try {
            long position = Long.parseLong(text);
            if (position < 1) {
                throw new NumberFormatException();
            }
            return position;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be a position (a whole number from 1); got \"" + value + "\"");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
