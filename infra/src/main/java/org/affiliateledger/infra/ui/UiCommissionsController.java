package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.command.commission.CommissionCommandController;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.query.commission.CommissionQueries;
import org.affiliateledger.query.commission.CommissionQueryController.CommissionView;
import org.affiliateledger.query.history.HistoryReads;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@code /ui/commissions}: the list with filters, one commission with its history, and approve / reject / void / clear
 * flag on one or many. Reads go through {@link CommissionQueries} (the API's own reads), actions through the API's
 * command controller (the same commands, the same refusals).
 */
@Controller
@Hidden
@RequestMapping("/ui/commissions")
public class UiCommissionsController {
    static final List<String> ACTIONS = List.of("approve", "reject", "void", "clear-flag");
    private final CommissionQueries queries;
    private final CommissionCommandController commands;
    private final HistoryReads history;
    private final UiWrites writes;

    public UiCommissionsController(CommissionQueries queries, CommissionCommandController commands, HistoryReads history,
                                   UiWrites writes) {
        this.queries = queries;
        this.commands = commands;
        this.history = history;
        this.writes = writes;
    }

    @GetMapping
    public String list(HttpServletRequest request, Model model,
                       @RequestParam(required = false) String status,
                       @RequestParam(required = false) String affiliate,
                       @RequestParam(required = false) String flagged,
                       @RequestParam(required = false) String kind,
                       @RequestParam(required = false) String source,
                       @RequestParam(required = false) String cursor) {
        UiContext ui = UiAdvice.contextOf(request);
        CommissionQueries.Filter filter = new CommissionQueries.Filter(blankToNull(affiliate), null, blankToNull(status),
                blankToNull(kind), flag(flagged), blankToNull(source));
        Paging paging = Paging.of(null, UiPaging.LIMIT, blankToNull(cursor));
        ListPage<CommissionView> page = ui.pastView()
                ? queries.listAsOf(ui.merchantId(), filter, paging, ui.asOf())
                : queries.list(ui.merchantId(), filter, paging);
        model.addAttribute("commissions", page.data());
        model.addAttribute("filter", filter);
        model.addAttribute("flagged", flagged == null ? "" : flagged);
        model.addAttribute("nextLink", UiPaging.next(request, ui, page.nextCursor()));
        model.addAttribute("here", UiPaging.here(request));
        model.addAttribute("filtered", filter.any());
        UiNotice.add(request, model);
        return "ui/commissions";
    }

    @GetMapping("/{id}")
    public String one(HttpServletRequest request, Model model, @PathVariable String id) {
        UiContext ui = UiAdvice.contextOf(request);
        CommissionView commission = ui.pastView()
                ? queries.asOf(ui.merchantId(), id, ui.asOf()).orElseThrow(() -> new NotFoundException("commission", id))
                : queries.get(ui.merchantId(), id);
        model.addAttribute("commission", commission);
        model.addAttribute("timeline", history.listPage(ui.merchantId(),
                new HistoryReads.Filter(id, null, null, null, null, null, ui.asOf()), Paging.MAX_LIMIT, null).data());
        UiNotice.add(request, model);
        return "ui/commission";
    }

    @PostMapping("/{id}/{action}")
    public String act(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                      @PathVariable String action, @RequestParam(required = false) String reason,
                      @RequestParam(required = false) String back) {
        // one commission: a refusal is the page's answer (404 for another merchant's id, 409 for a status that does not allow it)
        perform(caller, action, reason).accept(id);
        writes.awaitReadModels();
        return "redirect:" + UiNotice.after(back, "/ui/commissions/" + id, action, new UiWrites.Outcome(1, List.of()));
    }

    @PostMapping("/bulk")
    public String bulk(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                       @RequestParam(name = "ids", required = false) List<String> ids,
                       @RequestParam String action, @RequestParam(required = false) String reason,
                       @RequestParam(required = false) String back) {
        if (ids == null || ids.isEmpty()) {
            throw new InvalidRequestException("select at least one commission");
        }
        if (ids.size() > Paging.MAX_LIMIT) {
            throw new InvalidRequestException("at most " + Paging.MAX_LIMIT + " commissions at once");
        }
        UiWrites.Outcome outcome = writes.each(ids, perform(caller, action, reason));
        return "redirect:" + UiNotice.after(back, "/ui/commissions", action, outcome);
    }

    private Consumer<String> perform(ApiCaller caller, String action, String reason) {
        String why = blankToNull(reason);
        return switch (action) {
            case "approve" -> id -> commands.approve(caller, id);
            case "reject" -> id -> commands.reject(caller, id, new CommissionCommandController.ReasonRequest(why));
            case "void" -> id -> commands.voidCommission(caller, id, new CommissionCommandController.ReasonRequest(why));
            case "clear-flag" -> id -> commands.clearFlag(caller, id, new CommissionCommandController.ClearFlagRequest(why));
            default -> throw new NotFoundException("action", action);
        };
    }

    /** The {@code flagged} filter: empty for both, else exactly true or false (a typo is refused, not read as false). */
    static Boolean flag(String flagged) {
        String value = blankToNull(flagged);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidRequestException("flagged must be one of true, false; got \"" + value + "\"");
        };
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
