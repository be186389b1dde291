package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.query.commission.CommissionQueries;
import org.affiliateledger.query.commission.CommissionQueryController.CommissionView;
import org.affiliateledger.query.conversion.ConversionQueries;
import org.affiliateledger.query.conversion.ConversionQueryController.ConversionView;
import org.affiliateledger.query.history.HistoryReads;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import static org.affiliateledger.infra.ui.UiCommissionsController.blankToNull;
import static org.affiliateledger.infra.ui.UiCommissionsController.flag;

/**
 * {@code /ui/conversions}: the list with filters (source, affiliate, event type, status, fraud flag) and one conversion with its
 * commissions and its history. Reads go through {@link ConversionQueries}, {@link CommissionQueries} and
 * {@link HistoryReads}, the API's own reads.
 */
@Controller
@Hidden
@RequestMapping("/ui/conversions")
public class UiConversionsController {
    private final ConversionQueries conversions;
    private final CommissionQueries commissions;
    private final HistoryReads history;

    public UiConversionsController(ConversionQueries conversions, CommissionQueries commissions, HistoryReads history) {
        this.conversions = conversions;
        this.commissions = commissions;
        this.history = history;
    }

    @GetMapping
    public String list(HttpServletRequest request, Model model,
                       @RequestParam(required = false) String id,
                       @RequestParam(required = false) String source,
                       @RequestParam(required = false) String affiliate,
                       @RequestParam(name = "event_type", required = false) String eventType,
                       @RequestParam(required = false) String status,
                       @RequestParam(required = false) String flagged,
                       @RequestParam(required = false) String cursor) {
        UiContext ui = UiAdvice.contextOf(request);
        if (blankToNull(id) != null) { // a conversion named by id (the commission page links here so)
            return "redirect:" + ui.link("/ui/conversions/" + org.springframework.web.util.UriUtils.encodePathSegment(
                    id.strip(), java.nio.charset.StandardCharsets.UTF_8));
        }
        ConversionQueries.Filter filter = new ConversionQueries.Filter(blankToNull(affiliate), blankToNull(status),
                blankToNull(source), blankToNull(eventType), flag(flagged));
        Paging paging = Paging.of(null, UiPaging.LIMIT, blankToNull(cursor));
        ListPage<ConversionView> page = ui.pastView()
                ? conversions.listAsOf(ui.merchantId(), filter, paging, ui.asOf())
                : conversions.list(ui.merchantId(), filter, paging);
        model.addAttribute("conversions", page.data());
        model.addAttribute("filter", filter);
        model.addAttribute("flagged", filter.flagged() == null ? "" : filter.flagged().toString());
        model.addAttribute("nextLink", UiPaging.next(request, ui, page.nextCursor()));
        model.addAttribute("filtered", filter.any());
        return "ui/conversions";
    }

    @GetMapping("/{id}")
    public String one(HttpServletRequest request, Model model, @PathVariable String id) {
        UiContext ui = UiAdvice.contextOf(request);
        ConversionView conversion = ui.pastView()
                ? conversions.asOf(ui.merchantId(), id, ui.asOf()).orElseThrow(() -> new NotFoundException("conversion", id))
                : conversions.get(ui.merchantId(), id);
        CommissionQueries.Filter ofConversion = new CommissionQueries.Filter(null, id, null, null, null);
        Paging all = Paging.of(null, Paging.MAX_LIMIT, null);
        ListPage<CommissionView> itsCommissions = ui.pastView()
                ? commissions.listAsOf(ui.merchantId(), ofConversion, all, ui.asOf())
                : commissions.list(ui.merchantId(), ofConversion, all);
        model.addAttribute("conversion", conversion);
        model.addAttribute("commissions", itsCommissions.data());
        model.addAttribute("timeline", history.listPage(ui.merchantId(),
                new HistoryReads.Filter(id, null, null, null, null, null, ui.asOf()), Paging.MAX_LIMIT, null).data());
        return "ui/conversion";
    }
}
