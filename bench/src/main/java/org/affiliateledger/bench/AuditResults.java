package org.affiliateledger.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * H (audit trail, issue 13): the hash chain's cost on W, its catch-up rate, history pages at depth, as-of rebuilds and
 * verify, each beside a baseline from the same run.
 *
 * @param chainCost     W at the top concurrency with the chain worker on and off, alternating ledger starts
 * @param chainCatchUp  the chain linking the bulk-loaded store after a start
 * @param historyFirst  {@code GET /api/v1/history?limit=100}, first page
 * @param historyDeep   the same, a cursor {@code historyDepth} events deep
 * @param asOf          {@code GET /api/v1/commissions/{id}?as_of=} of a commission with {@code asOfEvents} events
 * @param readModel     {@code GET /api/v1/commissions/{id}} of the same commission (the read model)
 * @param verify        {@code POST /admin/v1/history/verify} over the whole log
 */
record AuditResults(ChainCost chainCost, CatchUp chainCatchUp, int historyDepth, long historyEvents,
                    Results.ReadFigure historyFirst, Results.ReadFigure historyDeep, int asOfEvents,
                    Results.ReadFigure asOf, Results.ReadFigure readModel, Verify verify) {

    /** @param on runs with the chain worker linking, @param off runs with LEDGER_CHAIN_ENABLED=false */
    record ChainCost(int clients, List<Results.RunFigures> on, List<Results.RunFigures> off) {
        @JsonProperty
        double medianOnPerSecond() {
            return Stats.median(on.stream().map(Results.RunFigures::perSecond).toList());
        }

        @JsonProperty
        double medianOffPerSecond() {
            return Stats.median(off.stream().map(Results.RunFigures::perSecond).toList());
        }

        /** How much lower W is with the chain on, as a fraction of W without it (negative: higher). */
        @JsonProperty
        double cost() {
            return medianOffPerSecond() == 0 ? 0 : 1 - medianOnPerSecond() / medianOffPerSecond();
        }
    }

    record CatchUp(long events, double seconds) {
        @JsonProperty
        double eventsPerSecond() {
            return seconds == 0 ? 0 : events / seconds;
        }
    }

    /** @param selectRowsPerSecond a plain SELECT of the same rows and columns through JDBC, same run */
    record Verify(long verified, List<Double> seconds, List<Double> selectRowsPerSecond, boolean ok) {
        @JsonProperty
        double medianEventsPerSecond() {
            return Stats.median(seconds.stream().map(s -> verified / s).toList());
        }

        @JsonProperty
        double medianSelectRowsPerSecond() {
            return Stats.median(selectRowsPerSecond);
        }
    }
}
