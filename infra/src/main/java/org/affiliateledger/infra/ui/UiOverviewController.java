package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.affiliateledger.query.overview.OverviewQueries;
import org.affiliateledger.query.overview.OverviewQueries.Bucket;
import org.affiliateledger.query.overview.OverviewQueries.Point;
import org.affiliateledger.query.overview.OverviewQueries.Series;
import org.affiliateledger.query.overview.OverviewQueries.Totals;
import org.affiliateledger.query.program.ProgramQueryController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /ui}: the overview. Per currency the revenue attributed, commissions earned / pending / approved / paid, what is
 * outstanding and the payouts due; charts by day, week or month of conversions, clicks, revenue and commissions; the top
 * affiliates; the latest events. All read through {@link OverviewQueries} at the present or the past view's instant.
 */
@Controller
@Hidden
public class UiOverviewController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int RECENT = 12;
    private final OverviewQueries queries;
    private final ProgramQueryController program;

    public UiOverviewController(OverviewQueries queries, ProgramQueryController program) {
        this.queries = queries;
        this.program = program;
    }

    @GetMapping({"/ui", "/ui/"})
    public String overview(HttpServletRequest request, Model model,
                           @RequestParam(required = false) String interval,
                           @RequestParam(required = false) String currency) {
        UiContext ui = UiAdvice.contextOf(request);
        String merchantId = ui.merchantId();
        Instant at = ui.pastView() ? ui.asOf() : Instant.now();
        ProgramSettings settings = program.get(ui.session().caller());
        Bucket bucket = Bucket.of(interval);
        List<Totals> totals = queries.totals(merchantId, at, ui.pastView());
        List<String> currencies = OverviewQueries.currencies(totals, settings.currency());
        String chartCurrency = currency == null || currency.isBlank() ? currencies.get(0) : Currencies.normalise(currency);
        if (!currencies.contains(chartCurrency)) {
            throw new InvalidRequestException("currency " + chartCurrency + " has no figures here; choose one of "
                    + String.join(", ", currencies));
        }
        Series series = queries.series(merchantId, bucket, chartCurrency, at);
        model.addAttribute("program", settings);
        model.addAttribute("totals", totals);
        model.addAttribute("currencies", currencies);
        model.addAttribute("chartCurrency", chartCurrency);
        model.addAttribute("interval", bucket.wireName());
        model.addAttribute("series", series);
        model.addAttribute("countChart", chart(series, false));
        model.addAttribute("moneyChart", chart(series, true));
        model.addAttribute("top", queries.topAffiliates(merchantId, chartCurrency, at));
        model.addAttribute("recent", queries.recent(merchantId, at, RECENT));
        model.addAttribute("intervals", List.of("day", "week", "month"));
        return "ui/overview";
    }

    /** The chart's data for the page's script (uPlot): x in Unix seconds, then each series. Money in major units. */
    static String chart(Series series, boolean money) {
        List<Point> points = series.points();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("x", points.stream().map(p -> p.start().getEpochSecond()).toList());
        spec.put("unit", series.bucket().wireName());
        if (money) {
            int digits = fractionDigits(series.currency());
            spec.put("currency", series.currency());
            spec.put("series", List.of(
                    Map.of("label", "Revenue (" + series.currency() + ")", "values",
                            points.stream().map(p -> major(p.revenueCents(), digits)).toList()),
                    Map.of("label", "Commissions (" + series.currency() + ")", "values",
                            points.stream().map(p -> major(p.commissionCents(), digits)).toList())));
        } else {
            spec.put("series", List.of(
                    Map.of("label", "Conversions", "values", points.stream().map(Point::conversions).toList()),
                    Map.of("label", "Clicks", "values", points.stream().map(Point::clicks).toList())));
        }
        return JSON.writeValueAsString(spec);
    }

    private static int fractionDigits(String currency) {
        try {
            return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    private static BigDecimal major(long minorUnits, int digits) {
        return BigDecimal.valueOf(minorUnits, digits);
    }
}
