package org.affiliateledger.infra.consistency;

import org.affiliateledger.query.history.ChainSettings;
import org.affiliateledger.query.history.EventChain;
import org.affiliateledger.query.history.EventLog;
import org.affiliateledger.query.history.HistoryProjector;
import org.affiliateledger.query.reconciliation.ReconciliationCut;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The reconciliation's cuts. A report reads the history index, so a cut is settled when the history index holds every
 * event at or below it and no event can still appear there:
 * <ul>
 *   <li>the history processor has passed it, except for gaps its token still holds <em>that now have an event</em>
 *       (a late commit not yet indexed) — a gap with no event is not waited for here, because a rolled-back append
 *       leaves one forever and Axon keeps it in the token for thousands of positions;</li>
 *   <li>the hash chain has linked it: the chain declares a missing position final only once every transaction that
 *       could still commit it has ended (see {@link EventChain}), so no event can appear below the chain's head.</li>
 * </ul>
 * Only the history index counts: another read model that lags or retries does not hold reports back.
 */
@Component
public class ReconciliationPositions implements ReconciliationCut {
    private static final long POLL_MILLIS = 10;

    private final EventLog log;
    private final ReadModelPositions positions;
    private final EventChain chain;
    private final ChainSettings chainSettings;
    private final JdbcClient jdbc;
    private final Duration maxWait;

    public ReconciliationPositions(EventLog log, ReadModelPositions positions, EventChain chain, ChainSettings chainSettings,
                                   JdbcClient jdbc, @Value("${ledger.reads.consistency-wait:PT2S}") Duration maxWait) {
        this.log = log;
        this.positions = positions;
        this.chain = chain;
        this.chainSettings = chainSettings;
        this.jdbc = jdbc;
        // a report waits at least a few seconds for the index before it settles for an earlier cut
        this.maxWait = maxWait.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : maxWait;
    }

    @Override
    public long head() {
        return log.head();
    }

    @Override
    public long settledHead() {
        long settled = Math.min(log.head(), indexed());
        if (chainSettings.enabled()) {
            settled = Math.min(settled, chain.head().position());
        }
        return Math.max(0, settled);
    }

    @Override
    public boolean awaitSettled(long position) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (settledHead() < position) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** How far the history index holds every existing event (0 before it has a token). */
    private long indexed() {
        List<TrackingToken> tokens = positions.tokensOf(HistoryProjector.GROUP);
        if (tokens.isEmpty()) {
            return 0;
        }
        long settled = Long.MAX_VALUE;
        for (TrackingToken token : tokens) {
            if (token == null) {
                return 0;
            }
            settled = Math.min(settled, indexed(token));
        }
        return settled;
    }

    private long indexed(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            SortedSet<Long> gaps = gapAware.getGaps();
            if (!gaps.isEmpty()) {
                Optional<Long> firstFilled = jdbc.sql("""
                                SELECT globalindex FROM domainevententry WHERE globalindex = ANY(?)
                                ORDER BY globalindex LIMIT 1""")
                        .param(gaps.toArray(Long[]::new))
                        .query(Long.class)
                        .optional();
                if (firstFilled.isPresent()) {
                    return firstFilled.get() - 1;
                }
            }
            return gapAware.getIndex();
        }
        return token.position().orElse(0);
    }
}
