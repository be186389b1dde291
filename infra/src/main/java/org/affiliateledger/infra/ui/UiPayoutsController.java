package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.command.payout.PayoutCommandController;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.query.commission.CommissionQueries;
import org.affiliateledger.query.commission.CommissionQueryController.CommissionView;
import org.affiliateledger.query.history.HistoryReads;
import org.affiliateledger.query.payout.PayoutQueries;
import org.affiliateledger.query.payout.PayoutQueryController.PayoutView;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.affiliateledger.infra.ui.UiCommissionsController.blankToNull;

/**
 * {@code /ui/payouts}: what each affiliate would be paid now (and what the rules are expected to refuse), create one
 * payout or a batch, the payouts with filters, one payout with its commissions and history, mark sent / paid / failed,
 * and a batch's CSV. Reads go through {@link PayoutQueries}, {@link CommissionQueries} and {@link HistoryReads}; actions
 * through the API's payout command controller (the same commands, the same refusals).
 */
@Controller
@Hidden
@RequestMapping("/ui/payouts")
public class UiPayoutsController {
    static final int COMMISSIONS_SHOWN = 100;
    private final PayoutQueries payouts;
    private final CommissionQueries commissions;
    private final HistoryReads history;
    private final PayoutCommandController commands;
    private final UiWrites writes;

    public UiPayoutsController(PayoutQueries payouts, CommissionQueries commissions, HistoryReads history,
                               PayoutCommandController commands, UiWrites writes) {
        this.payouts = payouts;
        this.commissions = commissions;
        this.history = history;
        this.commands = commands;
        this.writes = writes;
    }

    @GetMapping
    public String list(HttpServletRequest request, Model model,
                       @RequestParam(required = false) String status,
                       @RequestParam(required = false) String affiliate,
                       @RequestParam(required = false) String batch,
                       @RequestParam(required = false) String currency,
                       @RequestParam(required = false) String cursor,
                       @RequestParam(name = "due_cursor", required = false) String dueCursor) {
        UiContext ui = UiAdvice.contextOf(request);
        PayoutQueries.Filter filter = new PayoutQueries.Filter(blankToNull(status), blankToNull(affiliate),
                blankToNull(batch), blankToNull(currency));
        Paging paging = Paging.of(null, UiPaging.LIMIT, blankToNull(cursor));
        ListPage<PayoutView> page = ui.pastView()
                ? payouts.listAsOf(ui.merchantId(), filter, paging, ui.asOf())
                : payouts.list(ui.merchantId(), filter, paging);
        model.addAttribute("payouts", page.data());
        model.addAttribute("filter", filter);
        model.addAttribute("filtered", filter.any());
        model.addAttribute("nextLink", UiPaging.next(request, ui, page.nextCursor()));
        ListPage<PayoutQueries.Eligible> due = ui.pastView() ? null
                : payouts.eligible(ui.merchantId(), Paging.of(null, UiPaging.LIMIT, blankToNull(dueCursor)));
        model.addAttribute("eligible", due == null ? List.of() : due.data());
        model.addAttribute("dueNextLink", due == null ? null : UiPaging.next(request, "due_cursor", due.nextCursor()));
        model.addAttribute("dueContinued", blankToNull(dueCursor) != null);
        UiNotice.add(request, model);
        return "ui/payouts";
    }

    @GetMapping("/{id}")
    public String one(HttpServletRequest request, Model model, @PathVariable String id) {
        UiContext ui = UiAdvice.contextOf(request);
        Instant at = ui.asOf();
        PayoutView payout = ui.pastView()
                ? payouts.asOf(ui.merchantId(), id, at).orElseThrow(() -> new NotFoundException("payout", id))
                : payouts.get(ui.merchantId(), id);
        List<CommissionView> itsCommissions = payout.commissionIds().stream().limit(COMMISSIONS_SHOWN)
                .map(commissionId -> ui.pastView()
                        ? commissions.asOf(ui.merchantId(), commissionId, at)
                        : Optional.of(commissions.get(ui.merchantId(), commissionId)))
                .flatMap(Optional::stream)
                .toList();
        model.addAttribute("payout", payout);
        model.addAttribute("commissions", itsCommissions);
        model.addAttribute("moreCommissions", payout.commissionIds().size() - itsCommissions.size());
        model.addAttribute("timeline", history.listPage(ui.merchantId(),
                new HistoryReads.Filter(id, null, null, null, null, null, at), Paging.MAX_LIMIT, null).data());
        UiNotice.add(request, model);
        return "ui/payout";
    }

    @GetMapping("/batches/{id}/export.csv")
    @ResponseBody
    public ResponseEntity<String> export(HttpServletRequest request, @PathVariable String id) {
        UiContext ui = UiAdvice.contextOf(request);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"payout-batch-" + id + ".csv\"")
                .body(payouts.batchCsv(ui.merchantId(), id));
    }

    @PostMapping("/create")
    public String create(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                         @RequestParam(name = "affiliate_id", required = false) String affiliateId,
                         @RequestParam(required = false) String currency) {
        if (blankToNull(affiliateId) == null) {
            throw new InvalidRequestException("affiliate_id is required");
        }
        var created = commands.create(caller, new PayoutCommandController.CreateRequest(affiliateId.strip(),
                blankToNull(currency))).getBody();
        writes.awaitReadModels();
        return "redirect:" + UiNotice.after(null, "/ui/payouts/" + created.id(), "create", new UiWrites.Outcome(1, List.of()));
    }

    @PostMapping("/batch")
    public String batch(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                        @RequestParam(required = false) String currency) {
        PayoutCommandController.Batch batch = commands.batch(caller, new PayoutCommandController.BatchRequest(blankToNull(currency)));
        writes.awaitReadModels();
        List<String> skipped = batch.skipped().stream()
                .map(s -> s.affiliateId() + " (" + s.currency() + "): " + s.reason()).toList();
        String back = batch.payouts().isEmpty() ? "/ui/payouts" : "/ui/payouts?batch=" + batch.batchId();
        return "redirect:" + UiNotice.after(back, "/ui/payouts", "create", new UiWrites.Outcome(batch.payouts().size(), skipped));
    }

    @PostMapping("/{id}/{action:mark-sent|mark-paid|mark-failed}")
    public String transition(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                             @PathVariable String action,
                             @RequestParam(name = "external_reference", required = false) String reference,
                             @RequestParam(required = false) String reason) {
        switch (action) {
            case "mark-sent" -> commands.sent(caller, id, new PayoutCommandController.SentRequest(limited(blankToNull(reference), 255)));
            case "mark-paid" -> commands.paid(caller, id, null);
            case "mark-failed" -> commands.failed(caller, id, new PayoutCommandController.FailedRequest(limited(blankToNull(reason), 500)));
            default -> throw new NotFoundException("action", action);
        }
        writes.awaitReadModels();
        return "redirect:" + UiNotice.after(null, "/ui/payouts/" + id, action, new UiWrites.Outcome(1, List.of()));
    }

    private static String limited(String text, int max) {
        if (text != null && text.length() > max) {
            throw new InvalidRequestException("at most " + max + " characters, got " + text.length());
        }
        return text;
    }
}
