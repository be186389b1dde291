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
import org.affiliateledger.query.finance.Balance;
import org.affiliateledger.query.finance.BalanceQueries;
import org.affiliateledger.query.program.ProgramQueryController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /ui}: the overview. Per currency the revenue attributed, commissions earned / pending / approved / paid, what is
 * outstanding and the payouts due; charts by day, week or month of conversions, clicks, revenue and commissions; the top
 * affiliates; the latest events. Where commissions stand and what is outstanding are the finance balances
 * ({@link BalanceQueries}, the figures of {@code GET /api/v1/balances/totals}: one truth, not a second sum); the rest is
 * read through {@link OverviewQueries}; both at the present or the past view's instant.
 */
@Controller
@Hidden
public class UiOverviewController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int RECENT = 12;
    private final OverviewQueries queries;
    private final BalanceQueries balances;
    private final ProgramQueryController program;

    public UiOverviewController(OverviewQueries queries, BalanceQueries balances, ProgramQueryController program) {
        this.queries = queries;
        this.balances = balances;
        this.program = program;
    }

    /**
     * One currency's cards: conversions, revenue and payouts due from the overview, the commission figures from the
     * finance balance (amounts in minor units).
     */
    public record Figures(String currency, long conversions, long revenueCents, Balance balance, long payoutsDueCents,
                          long payoutsDue) {
        /** Earned and still standing: earned − reduced − voided − clawed back (= pending + held + approved + in payout + paid). */
        public long earnedCents() {
            return balance.earned() - balance.reduced() - balance.voided() - balance.clawedBack();
        }

        /** In the hold period, or held by a dispute or a fraud flag. */
        public long pendingCents() {
            return balance.pending() + balance.held();
        }
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
        // a past view reads the balances as finance does: what had happened and had been recorded by its instant
        BalanceQueries.Cut cut = ui.pastView() ? balances.cut(at.toString(), at.toString()) : balances.cut(null, null);
        List<Figures> totals = figures(queries.totals(merchantId, at, ui.pastView()), balances.totals(merchantId, null, cut).totals());
        List<String> currencies = currencies(totals, settings.currency());
        String chartCurrency = currency == null || currency.isBlank() ? currencies.get(0) : Currencies.normalise(currency);
        if (!currencies.contains(chartCurrency)) {
            throw new InvalidRequestException("currency " + chartCurrency + " has no figures here; choose one of "
                    + String.join(", ", currencies));
        }
        Series series = queries.series(merchantId, bucket, chartCurrency, at, ui.pastView());
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

    /** The overview's totals and the balances' side by side, per currency (a currency either lacks reads as zero). */
    static List<Figures> figures(List<Totals> overview, List<Balance> balances) {
        Map<String, Totals> byCurrency = new TreeMap<>();
        overview.forEach(t -> byCurrency.put(t.currency(), t));
        Map<String, Balance> balanceOf = new TreeMap<>();
        balances.forEach(b -> balanceOf.put(b.currency(), b));
        Map<String, Figures> figures = new TreeMap<>();
        for (String currency : union(byCurrency.keySet(), balanceOf.keySet())) {
            Totals t = byCurrency.getOrDefault(currency, new Totals(currency, 0, 0, 0, 0));
            Balance b = balanceOf.getOrDefault(currency, new Balance(null, currency, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            figures.put(currency, new Figures(currency, t.conversions(), t.revenueCents(), b, t.payoutsDueCents(), t.payoutsDue()));
        }
        return List.copyOf(figures.values());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The currencies the merchant has figures in, the program's first. */
    static List<String> currencies(List<Figures> totals, String programCurrency) {
        List<String> currencies = new ArrayList<>();
        if (programCurrency != null) {
            currencies.add(programCurrency);
        }
        totals.stream().map(Figures::currency).filter(c -> !currencies.contains(c)).forEach(currencies::add);
        return currencies;
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
