package org.affiliateledger.bench;

import java.util.Locale;

/** The H rows of BENCHMARKS.md: summary lines and a details section, from {@link AuditResults}. */
final class AuditReport {
    /** At most this share of W may go to the hash chain (issue 13). */
    static final double CHAIN_COST = 0.05;

    private AuditReport() {
    }

    static String summary(Results r) {
        AuditResults a = r.audit();
        StringBuilder md = new StringBuilder();
        AuditResults.ChainCost cost = a.chainCost();
        line(md, "| H | W at %d clients with the hash chain worker linking | %s/s | the same with `LEDGER_CHAIN_ENABLED=false`: %s/s | %.3f | ≤ 5 %% lower | %s |",
                cost.clients(), n(cost.medianOnPerSecond()), n(cost.medianOffPerSecond()),
                Stats.ratio(cost.medianOnPerSecond(), cost.medianOffPerSecond()), Targets.verdict(cost.cost() <= CHAIN_COST));
        double deepRatio = Stats.ratio(a.historyDeep().medianP50Ms(), a.historyFirst().medianP50Ms());
        line(md, "| H | GET /api/v1/history?limit=100, cursor %s events deep | p50 %s ms, p99 %s ms | first page: p50 %s ms, p99 %s ms | %.2f | ≤ 1.5 × | %s |",
                n(a.historyDepth()), ms(a.historyDeep().medianP50Ms()), ms(a.historyDeep().all().p99Ms()),
                ms(a.historyFirst().medianP50Ms()), ms(a.historyFirst().all().p99Ms()), deepRatio, Targets.verdict(deepRatio <= Targets.CURSOR_RATIO));
        line(md, "| H | GET /api/v1/commissions/{id}?as_of= (rebuilt from %d events) | p50 %s ms, p99 %s ms | read model: p50 %s ms, p99 %s ms | %.2f | — | |",
                a.asOfEvents(), ms(a.asOf().medianP50Ms()), ms(a.asOf().all().p99Ms()), ms(a.readModel().medianP50Ms()),
                ms(a.readModel().all().p99Ms()), Stats.ratio(a.asOf().medianP50Ms(), a.readModel().medianP50Ms()));
        line(md, "| H | POST /admin/v1/history/verify over %s events | %s events/s | plain SELECT of the same rows: %s rows/s | %.3f | — | %s |",
                n(a.verify().verified()), n(a.verify().medianEventsPerSecond()), n(a.verify().medianSelectRowsPerSecond()),
                Stats.ratio(a.verify().medianEventsPerSecond(), a.verify().medianSelectRowsPerSecond()), a.verify().ok() ? "ok" : "**broken**");
        line(md, "| H | hash chain catching up on the loaded store | %s events/s | raw batched inserts: %s rows/s | %.3f | — | |",
                n(a.chainCatchUp().eventsPerSecond()), n(r.baseline().medianBatchedRowsPerSecond()),
                Stats.ratio(a.chainCatchUp().eventsPerSecond(), r.baseline().medianBatchedRowsPerSecond()));
        return md.toString();
    }

    static String details(Results r) {
        AuditResults a = r.audit();
        StringBuilder md = new StringBuilder();
        line(md, "");
        line(md, "### H — audit trail");
        line(md, "");
        AuditResults.ChainCost cost = a.chainCost();
        line(md, "**Chain cost on W.** %d alternating pairs of ledger starts on the same database, one with the hash chain worker "
                        + "linking (the default) and one with `LEDGER_CHAIN_ENABLED=false`, each warmed up, then W at %d clients: on %s /s, off %s /s "
                        + "(medians %s vs %s: the chain costs %.1f %% of W).", cost.on().size(), cost.clients(),
                runs(cost.on()), runs(cost.off()), n(cost.medianOnPerSecond()), n(cost.medianOffPerSecond()), 100 * cost.cost());
        line(md, "");
        line(md, "**History pages.** %s events of the bench merchant in the history index (the loaded ones written straight into it, "
                        + "as the events themselves were); `GET /api/v1/history?limit=100` first page and with the cursor the API hands out "
                        + "after %s events (built from that row's position in the same opaque format).", n(a.historyEvents()), n(a.historyDepth()));
        line(md, "");
        line(md, "| request | p50 per round (ms) | p50 / p99 / max over all (ms) | requests |");
        line(md, "|---|---|---|---|");
        read(md, "history, first page", a.historyFirst());
        read(md, "history, cursor " + n(a.historyDepth()) + " deep", a.historyDeep());
        read(md, "commission `?as_of=` (" + a.asOfEvents() + " events)", a.asOf());
        read(md, "commission from the read model", a.readModel());
        line(md, "");
        line(md, "**As of.** One commission with %d events (created, nine disputes held and released, approved), asked as it stood "
                + "before its last event: the ledger reads its events from the event table and applies the read model's own row changes "
                + "in memory.", a.asOfEvents());
        line(md, "");
        line(md, "**Verify.** `POST /admin/v1/history/verify` recomputes every link of the chain (%s events): runs %s s; a plain JDBC "
                        + "`SELECT` of every column of the same rows (fetch size 5,000) in the same run: %s rows/s. Result: %s.",
                n(a.verify().verified()), String.join(" / ", a.verify().seconds().stream().map(s -> String.format(Locale.ROOT, "%.1f", s)).toList()),
                String.join(" / ", a.verify().selectRowsPerSecond().stream().map(AuditReport::n).toList()), a.verify().ok() ? "ok" : "broken");
        line(md, "");
        line(md, "**Chain catch-up.** After the bulk load, the restarted ledger's chain worker linked the loaded events at %s events/s "
                        + "(%s events after its first batch in %.1f s, from the links' own times); it runs while S is measured, and P "
                        + "starts after it has caught up.", n(a.chainCatchUp().eventsPerSecond()), n(a.chainCatchUp().events()),
                a.chainCatchUp().seconds());
        return md.toString();
    }

    private static void read(StringBuilder md, String name, Results.ReadFigure figure) {
        line(md, "| %s | %s | %s / %s / %s | %d |", name, String.join(" / ", figure.roundP50Ms().stream().map(AuditReport::ms).toList()),
                ms(figure.all().p50Ms()), ms(figure.all().p99Ms()), ms(figure.all().maxMs()), figure.all().count());
    }

    private static String runs(java.util.List<Results.RunFigures> runs) {
        return String.join(" / ", runs.stream().map(run -> n(run.perSecond())).toList());
    }

    private static String n(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
