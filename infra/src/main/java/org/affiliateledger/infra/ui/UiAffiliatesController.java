package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.command.affiliate.AffiliateChangeController;
import org.affiliateledger.command.affiliate.AffiliateCommandController;
import org.affiliateledger.command.affiliate.TaxFormController;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.query.affiliate.AffiliateQueries;
import org.affiliateledger.query.affiliate.AffiliateQueryController.AffiliateView;
import org.affiliateledger.query.commission.CommissionQueries;
import org.affiliateledger.query.commission.CommissionQueryController.CommissionView;
import org.affiliateledger.query.finance.BalanceQueries;
import org.affiliateledger.query.history.HistoryReads;
import org.affiliateledger.query.link.ClickQueries;
import org.affiliateledger.query.link.ClickQueryController.Clicks;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.affiliateledger.infra.ui.UiCommissionsController.blankToNull;

/**
 * {@code /ui/affiliates}: search and filters, and an affiliate's page (profile, status actions, override, lineage, tier,
 * tax form, clicks per day, its commissions and its history). Reads go through {@link AffiliateQueries},
 * {@link ClickQueries}, {@link CommissionQueries} and {@link HistoryReads} (the API's own reads); actions through the
 * API's command controllers (the same commands, the same refusals).
 */
@Controller
@Hidden
@RequestMapping("/ui/affiliates")
public class UiAffiliatesController {
    static final int CLICK_DAYS = 30;
    static final int COMMISSIONS_SHOWN = 10;
    /** The status actions each status allows (as the Affiliate aggregate does). */
    static final Map<String, List<String>> ACTIONS = Map.of(
            "pending", List.of("approve", "ban"),
            "active", List.of("pause", "suspend", "ban"),
            "paused", List.of("resume", "suspend", "ban"),
            "suspended", List.of("reinstate", "ban"),
            "banned", List.of());

    private final AffiliateQueries affiliates;
    private final ClickQueries clicks;
    private final CommissionQueries commissions;
    private final HistoryReads history;
    private final AffiliateCommandController commands;
    private final AffiliateChangeController changes;
    private final TaxFormController taxForms;
    private final UiWrites writes;
    private final BalanceQueries balances;

    public UiAffiliatesController(AffiliateQueries affiliates, ClickQueries clicks, CommissionQueries commissions,
                                  HistoryReads history, AffiliateCommandController commands,
                                  AffiliateChangeController changes, TaxFormController taxForms, UiWrites writes,
                                  BalanceQueries balances) {
        this.balances = balances;
        this.affiliates = affiliates;
        this.clicks = clicks;
        this.commissions = commissions;
        this.history = history;
        this.commands = commands;
        this.changes = changes;
        this.taxForms = taxForms;
        this.writes = writes;
    }

    @GetMapping
    public String list(HttpServletRequest request, Model model,
                       @RequestParam(required = false) String q,
                       @RequestParam(required = false) String status,
                       @RequestParam(required = false) String parent,
                       @RequestParam(required = false) String tier,
                       @RequestParam(required = false) String cursor) {
        UiContext ui = UiAdvice.contextOf(request);
        AffiliateQueries.Filter filter = new AffiliateQueries.Filter(blankToNull(status), blankToNull(parent), null, null,
                tier, q);
        Paging paging = Paging.of(null, UiPaging.LIMIT, blankToNull(cursor));
        ListPage<AffiliateView> page = ui.pastView()
                ? affiliates.listAsOf(ui.merchantId(), filter, paging, ui.asOf())
                : affiliates.list(ui.merchantId(), filter, paging);
        model.addAttribute("affiliates", page.data());
        model.addAttribute("filter", filter);
        model.addAttribute("tiers", affiliates.tiersReached(ui.merchantId()));
        model.addAttribute("nextLink", UiPaging.next(request, ui, page.nextCursor()));
        model.addAttribute("filtered", filter.any());
        UiNotice.add(request, model);
        return "ui/affiliates";
    }

    @GetMapping("/{id}")
    public String one(HttpServletRequest request, Model model, @PathVariable String id) {
        UiContext ui = UiAdvice.contextOf(request);
        Instant at = ui.asOf();
        AffiliateView affiliate = ui.pastView()
                ? affiliates.asOf(ui.merchantId(), id, at).orElseThrow(() -> new NotFoundException("affiliate", id))
                : affiliates.get(ui.merchantId(), id);
        Paging firstPage = Paging.of(null, UiPaging.LIMIT, null);
        Paging fewCommissions = Paging.of(null, COMMISSIONS_SHOWN, null);
        CommissionQueries.Filter ofAffiliate = new CommissionQueries.Filter(id, null, null, null, null);
        ListPage<AffiliateView> children = ui.pastView()
                ? affiliates.listAsOf(ui.merchantId(), AffiliateQueries.Filter.children(id), firstPage, at)
                : affiliates.list(ui.merchantId(), AffiliateQueries.Filter.children(id), firstPage);
        ListPage<CommissionView> recent = ui.pastView()
                ? commissions.listAsOf(ui.merchantId(), ofAffiliate, fewCommissions, at)
                : commissions.list(ui.merchantId(), ofAffiliate, fewCommissions);
        AffiliateView parent = affiliate.parentId() == null ? null : (ui.pastView()
                ? affiliates.asOf(ui.merchantId(), affiliate.parentId(), at).orElse(null)
                : affiliates.get(ui.merchantId(), affiliate.parentId()));
        Clicks clickCounts = clicks.clicks(ui.merchantId(), id, CLICK_DAYS, at);

        BalanceQueries.Cut cut = ui.pastView() ? new BalanceQueries.Cut(at, at) : balances.cut(null, null);
        model.addAttribute("balances", balances.affiliate(ui.merchantId(), id, null, cut).balances());
        model.addAttribute("affiliate", affiliate);
        model.addAttribute("parent", parent);
        model.addAttribute("children", children.data());
        model.addAttribute("moreChildren", children.nextCursor() != null);
        model.addAttribute("commissions", recent.data());
        model.addAttribute("moreCommissions", recent.nextCursor() != null);
        model.addAttribute("clicks", clickCounts);
        model.addAttribute("clickDays", ClickDays.of(clickCounts, CLICK_DAYS, at));
        model.addAttribute("actions", ACTIONS.getOrDefault(affiliate.status(), List.of()));
        model.addAttribute("taxFormTypes", List.of("W-9", "W-8BEN", "W-8BEN-E", "W-8ECI", "W-8EXP", "W-8IMY"));
        model.addAttribute("today", LocalDate.now(ZoneOffset.UTC).toString());
        model.addAttribute("timeline", history.listPage(ui.merchantId(),
                new HistoryReads.Filter(id, null, null, null, null, null, at), Paging.MAX_LIMIT, null).data());
        UiNotice.add(request, model);
        return "ui/affiliate";
    }

    @PostMapping("/{id}/{action:approve|pause|resume|suspend|reinstate|ban}")
    public String transition(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                             @PathVariable String action, @RequestParam(required = false) String reason) {
        AffiliateCommandController.ReasonRequest why = new AffiliateCommandController.ReasonRequest(limited(reason));
        switch (action) {
            case "approve" -> commands.approve(caller, id);
            case "pause" -> commands.pause(caller, id);
            case "resume" -> commands.resume(caller, id);
            case "suspend" -> commands.suspend(caller, id, why);
            case "reinstate" -> commands.reinstate(caller, id);
            case "ban" -> commands.ban(caller, id, why);
            default -> throw new NotFoundException("action", action);
        }
        return done(id, action.equals("approve") ? "approve-affiliate" : action);
    }

    @PostMapping("/{id}/override")
    public String override(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                           @RequestParam(name = "commission_override", required = false) String percent,
                           @RequestParam(required = false) String remove) {
        String value = remove != null ? null : blankToNull(percent);
        if (remove == null && value == null) {
            throw new InvalidRequestException("commission_override: give a percent (0–100), or remove the override");
        }
        changes.changeOverride(caller, id, value);
        return done(id, "override");
    }

    @PostMapping("/{id}/tax-form")
    public String taxForm(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                          @RequestParam(name = "form_type", required = false) String formType,
                          @RequestParam(name = "received_on", required = false) String receivedOn) {
        if (blankToNull(formType) == null || blankToNull(receivedOn) == null) {
            throw new InvalidRequestException("form_type and received_on are both required");
        }
        LocalDate received;
        try {
            received = LocalDate.parse(receivedOn.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("received_on must be a date (YYYY-MM-DD), got " + receivedOn);
        }
        taxForms.submit(caller, id, new TaxFormController.TaxFormRequest(formType.strip(), received));
        return done(id, "save");
    }

    private String done(String id, String action) {
        writes.awaitReadModels();
        return "redirect:" + UiNotice.after(null, "/ui/affiliates/" + id, action, new UiWrites.Outcome(1, List.of()));
    }

    private static String limited(String reason) {
        String why = blankToNull(reason);
        if (why != null && why.length() > 500) {
            throw new InvalidRequestException("reason must be at most 500 characters");
        }
        return why;
    }

    /** The clicks of each of the last days (zero-click days included), with bar heights for the chart. */
    public record ClickDays(List<Day> days, long max) {
        public record Day(String date, long clicks, int x, int height) {
        }

        static final int HEIGHT = 80;
        static final int BAR = 10;

        public int width() {
            return days.size() * BAR;
        }

        static ClickDays of(Clicks clicks, int days, Instant until) {
            LocalDate end = LocalDate.ofInstant(until == null ? Instant.now() : until, ZoneOffset.UTC);
            Map<String, Long> counted = new java.util.HashMap<>();
            clicks.daily().forEach(day -> counted.put(day.date(), day.clicks()));
            long max = Math.max(1, clicks.daily().stream().mapToLong(d -> d.clicks()).max().orElse(0));
            List<Day> result = new ArrayList<>();
            for (int i = days - 1; i >= 0; i--) {
                String date = end.minusDays(i).toString();
                long n = counted.getOrDefault(date, 0L);
                result.add(new Day(date, n, (days - 1 - i) * BAR, (int) Math.round((double) n * HEIGHT / max)));
            }
            return new ClickDays(result, max);
        }
    }
}
