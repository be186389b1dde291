package org.affiliateledger.bench;

import java.util.List;
import java.util.Locale;

/** The F (finance) and U (dashboard) rows of BENCHMARKS.md: summary lines and details, from {@link FinanceResults}. */
final class FinanceReport {
    /** Issue 14: a month's reconciliation over 100k conversions in seconds, not minutes. */
    static final double RECONCILIATION_SECONDS = 60;
    /** Issue 15: every screen's server time p95 at most this. */
    static final double SCREEN_P95_MS = 150;

    private FinanceReport() {
    }

    static String summary(Results r) {
        return summary(r.finance(), r.dashboard());
    }

    static String summary(FinanceResults f, List<Results.ReadFigure> dashboard) {
        StringBuilder md = new StringBuilder();
        pair(md, "GET /api/v1/affiliates/{id}/balance?as_of= a random past instant, a random one of " + n(f.affiliates()) + " affiliates",
                f.balanceAsOf(), "raw SQL sum of its entries", "—", "");
        pair(md, "the same for the busy affiliate (" + n(f.busyEntries()) + " entries)", f.busyBalanceAsOf(),
                "raw SQL sum of its entries", "—", "");
        pair(md, "GET /api/v1/balances?limit=100&as_of= a random past instant, first page", f.balancesPage(),
                "raw SQL grouped page", "—", "");
        pair(md, "GET /api/v1/affiliates/{id}/statement over a year, busy affiliate (" + n(f.statementLines()) + " lines)",
                f.statement(), "raw SQL select of its entries", "—", "");
        double seconds = f.reconciliation().ledger().medianP50Ms() / 1000;
        line(md, "| F | GET /api/v1/reconciliation of a month with %s conversions (reads %s events) | %s s | raw SQL read of the same events: %s s | %.1f | seconds, not minutes | %s |",
                n(f.monthConversions()), n(f.foldedEvents()), sec(seconds), sec(f.reconciliation().raw().medianP50Ms() / 1000),
                f.reconciliation().ratio(), Targets.verdict(seconds < RECONCILIATION_SECONDS));
        for (Results.ReadFigure screen : dashboard) {
            line(md, "| U | dashboard `%s`, signed in (session cookie) | p50 %s ms, p95 %s ms | — | — | p95 ≤ 150 ms | %s |",
                    screen.path(), ms(screen.all().p50Ms()), ms(screen.all().p95Ms()), Targets.verdict(screen.all().p95Ms() <= SCREEN_P95_MS));
        }
        return md.toString();
    }

    static String details(Results r) {
        StringBuilder md = new StringBuilder();
        FinanceResults f = r.finance();
        Results.CatchUp c = r.catchUp();
        line(md, "");
        line(md, "### F — finance");
        line(md, "");
        line(md, "The loaded conversions are spread evenly over the %d days before the load and over %s affiliates (every %dth to "
                        + "the busy one, the bench affiliate), so a month holds about a tenth of them. The loader moved every processor's "
                        + "token to the head (%s: all of `tokenentry`) and wrote the balance entries of the loaded commissions in SQL; "
                        + "the balance tables' checksum after P's first rebuild had replayed every event into them was %s the one "
                        + "before (%s). After the restart every processor reported caught up %.1f s after the chain had.",
                EventLoader.SPAN.toDays(), n(f.affiliates()), EventLoader.BUSY_EVERY, String.join(", ", c.processors()),
                f.balancesConsistent() ? "**equal** to" : "**different** from", f.balancesRebuilt(), c.seconds());
        line(md, "");
        line(md, "%s balance entries of the bench merchant (%s of the busy affiliate). Each request at a new random instant of the "
                + "loaded span (and, for the first row, a new random affiliate); `known_at` now. Beside each, the same question put "
                + "to PostgreSQL through plain JDBC in the same run (a sum over the same index range, the same grouped page, the "
                + "statement's rows, and the reconciliation's events: the merchant's money events from the history index joined "
                + "to their payloads).", n(f.entries()), n(f.busyEntries()));
        line(md, "");
        line(md, "| request | p50 per round (ms) | p50 / p99 / max over all (ms) | requests | raw SQL p50 / p99 (ms) | ratio of p50s |");
        line(md, "|---|---|---|---|---|---|");
        row(md, "balance `as_of`, random affiliate", f.balanceAsOf());
        row(md, "balance `as_of`, busy affiliate", f.busyBalanceAsOf());
        row(md, "`balances` first page", f.balancesPage());
        row(md, "statement, a year (" + n(f.statementLines()) + " lines)", f.statement());
        row(md, "reconciliation, a month", f.reconciliation());
        line(md, "");
        line(md, "**Reconciliation.** From %s to %s (%s conversions effective in it; the report counted %s manual conversions, "
                        + "%s, %d breaks). It folds the money events of the resources the period touched and of those they name, "
                        + "each whole up to its cut (%s money events here): its time grows with the period, not with the history.",
                f.monthFrom(), f.monthTo(), n(f.monthConversions()), n(f.reconciledConversions()),
                f.balanced() ? "balanced" : "not balanced", f.breaks(), n(f.foldedEvents()));
        line(md, "");
        line(md, "### U — dashboard");
        line(md, "");
        line(md, "One client signs in as a browser does (`GET /ui/login` for the form token, `POST /ui/login` with the API key, the "
                + "session cookie from then on) and asks for each screen's HTML in turn, every answer a 200 page; server time as the "
                + "client sees it on the same machine.");
        line(md, "");
        line(md, "| screen | p50 per round (ms) | p50 / p95 / p99 / max over all (ms) | requests |");
        line(md, "|---|---|---|---|");
        for (Results.ReadFigure screen : r.dashboard()) {
            line(md, "| `%s` | %s | %s / %s / %s / %s | %d |", screen.path(), rounds(screen), ms(screen.all().p50Ms()),
                    ms(screen.all().p95Ms()), ms(screen.all().p99Ms()), ms(screen.all().maxMs()), screen.all().count());
        }
        return md.toString();
    }

    /** The finance and dashboard part of the README's "Latest full run" paragraph. */
    static String latest(Results r) {
        FinanceResults f = r.finance();
        double worst = r.dashboard().stream().mapToDouble(s -> s.all().p95Ms()).max().orElse(0);
        String slowest = r.dashboard().stream().filter(s -> s.all().p95Ms() == worst).map(Results.ReadFigure::path).findFirst().orElse("");
        return String.format(Locale.ROOT, "F balance `as_of` p50 %s ms, p99 %s ms (raw SQL p50 %s ms), balances first page p50 %s ms, "
                        + "a year's statement of %s lines p50 %s ms, a month's reconciliation over %s conversions %s s; "
                        + "U dashboard screens p95 %s–%s ms (slowest `%s`: %s)",
                ms(f.balanceAsOf().ledger().all().p50Ms()), ms(f.balanceAsOf().ledger().all().p99Ms()),
                ms(f.balanceAsOf().raw().all().p50Ms()), ms(f.balancesPage().ledger().all().p50Ms()), n(f.statementLines()),
                ms(f.statement().ledger().all().p50Ms()), n(f.monthConversions()), sec(f.reconciliation().ledger().medianP50Ms() / 1000),
                ms(r.dashboard().stream().mapToDouble(s -> s.all().p95Ms()).min().orElse(0)), ms(worst), slowest,
                worst <= SCREEN_P95_MS ? "met" : "**missed**");
    }

    private static void pair(StringBuilder md, String scenario, FinanceResults.Pair pair, String raw, String target, String verdict) {
        line(md, "| F | %s | p50 %s ms, p99 %s ms | %s: p50 %s ms, p99 %s ms | %.1f | %s | %s |", scenario,
                ms(pair.ledger().medianP50Ms()), ms(pair.ledger().all().p99Ms()), raw, ms(pair.raw().medianP50Ms()),
                ms(pair.raw().all().p99Ms()), pair.ratio(), target, verdict);
    }

    private static void row(StringBuilder md, String name, FinanceResults.Pair pair) {
        Results.ReadFigure l = pair.ledger();
        line(md, "| %s | %s | %s / %s / %s | %d | %s / %s | %.1f |", name, rounds(l), ms(l.all().p50Ms()), ms(l.all().p99Ms()),
                ms(l.all().maxMs()), l.all().count(), ms(pair.raw().all().p50Ms()), ms(pair.raw().all().p99Ms()), pair.ratio());
    }

    private static String rounds(Results.ReadFigure figure) {
        List<String> p50s = figure.roundP50Ms().stream().map(FinanceReport::ms).toList();
        return String.join(" / ", p50s);
    }

    private static String n(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }

    private static String sec(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
