package org.affiliateledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The "F and U at the published size" section of BENCHMARKS.md, between its markers, so the full run's section and
 * this one are refreshed independently (each names its own date and command).
 */
final class ScaleReport {
    static final String BEGIN = "<!-- scale-run:begin -->";
    static final String END = "<!-- scale-run:end -->";
    static final String COMMAND = "./mvnw -B -ntp -pl bench -am verify -Dbench.scale=true -Dtest=ScaleBenchmarkRun "
            + "-Dsurefire.failIfNoSpecifiedTests=false";

    private ScaleReport() {
    }

    static String section(ScaleResults r) {
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append('\n');
        line(md, "## Finance and dashboard at the published size (%s)", r.date());
        line(md, "");
        line(md, "`%s` (%.0f min). %s; PostgreSQL %s; load average %s at the start, %s at the end.", COMMAND, r.seconds() / 60,
                r.machine().cpu() + ", " + r.machine().cores() + " cores", r.machine().postgres(), r.machine().loadAverageAtStart(),
                r.loadAverageAtEnd());
        line(md, "");
        line(md, "The store: %,d conversions (%,d events) loaded in %.0f s over %,d affiliates, the history index written in SQL, "
                        + "the chain linked at %,.0f events/s on restart, every processor caught up %.1f s after, and one rebuild of "
                        + "every read model (%,d events in %.1f s: %,.0f events/s) so the dashboard's lists hold the whole load. "
                        + "The balance tables' checksum after the rebuild was %s the one the loader wrote.",
                r.loaded().conversions(), r.loaded().events(), r.loaded().seconds(), r.finance().affiliates(),
                r.chain().eventsPerSecond(), r.catchUp().seconds(), r.rebuild().events(), r.rebuild().seconds().get(0),
                r.rebuild().eventsPerSecond().get(0), r.finance().balancesConsistent() ? "**equal** to" : "**different** from");
        line(md, "");
        line(md, "| | scenario | ledger | raw baseline (same run) | ratio | target | verdict |");
        line(md, "|---|---|---|---|---|---|---|");
        md.append(FinanceReport.summary(r.finance(), r.dashboard()));
        line(md, "");
        line(md, "How the reconciliation scales: it read the money events of the resources the month touched and of those they "
                        + "name (%,d events for %,d conversions) out of the %,d in the store, so its time grows with the period's "
                        + "activity, not with the history; a year's would read about twelve times as many.",
                r.finance().foldedEvents(), r.finance().monthConversions(), r.rebuild().events());
        md.append(END).append('\n');
        return md.toString();
    }

    /** Replaces the section between the markers, or appends it when the file has none yet. */
    static String into(String markdown, String section) {
        int begin = markdown.indexOf(BEGIN);
        int end = markdown.indexOf(END);
        if (begin >= 0 && end > begin) {
            return markdown.substring(0, begin) + section + markdown.substring(end + END.length() + 1);
        }
        return markdown + (markdown.endsWith("\n") ? "\n" : "\n\n") + section;
    }

    static void write(ScaleResults r, Path markdown) throws IOException {
        String existing = Files.isRegularFile(markdown) ? Files.readString(markdown) : "";
        Files.writeString(markdown, into(existing, section(r)));
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
