package org.affiliateledger.query.history;

import org.affiliateledger.query.history.EventLog.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The chain worker: follows the event log in global position order, off the request path, and appends one link per
 * event to {@code event_chain}. One node at a time links (a transaction-scoped advisory lock); the others stand by.
 * <p>
 * <b>Gaps.</b> A position the log's sequence handed out may be missing for two reasons: its transaction has not
 * committed yet (it will appear), or it rolled back (it never will). Like Axon's tracking tokens, the chain does not
 * link past a missing position at once. It gives the position up when
 * <ol>
 *   <li>every transaction that was running {@code gapGrace} (0.5 s) after the gap was first seen has ended (PostgreSQL's
 *   own snapshot: a rolled-back insert is then known to be gone, usually within a second), or</li>
 *   <li>{@code gapTimeout} (60 s, Axon's default gap timeout) has passed, whatever is still running, so a gap that
 *   never fills cannot stall the chain.</li>
 * </ol>
 * The position is then left out of the chain for good. An event that still commits at such a position later (a
 * transaction that outlived the timeout, or a row inserted into the past) is never linked, and verify reports it.
 */
@Component
public class EventChain implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EventChain.class);
    /** Advisory lock key: "chain" in ASCII. */
    private static final long LOCK = 0x636861696EL;

    /** The chain's last link. */
    public record Head(long position, String hash) {
        static final Head EMPTY = new Head(0, ChainCodec.GENESIS);
    }

    /** A run of missing positions starting at {@code from}, first seen at {@code seenNanos}. */
    private static final class Gap {
        final long from;
        final long seenNanos = System.nanoTime();
        List<String> runningTransactions;

        Gap(long from) {
            this.from = from;
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;
    private final ChainSettings settings;
    private ScheduledExecutorService worker;
    private volatile boolean running;
    private Gap gap;

    public EventChain(JdbcClient jdbc, JdbcTemplate batches, PlatformTransactionManager transactionManager, ChainSettings settings) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = new TransactionTemplate(transactionManager);
        this.settings = settings;
    }

    /** The last link, as stored. */
    public Head head() {
        return jdbc.sql("SELECT position, hash FROM event_chain ORDER BY position DESC LIMIT 1")
                .query((rs, n) -> new Head(rs.getLong(1), ChainCodec.hex(rs.getBytes(2))))
                .optional()
                .orElse(Head.EMPTY);
    }

    /** The stored link just before {@code position} (the genesis value before the first). */
    public String linkBefore(long position) {
        return jdbc.sql("SELECT hash FROM event_chain WHERE position < ? ORDER BY position DESC LIMIT 1")
                .param(position)
                .query((rs, n) -> ChainCodec.hex(rs.getBytes(1)))
                .optional()
                .orElse(ChainCodec.GENESIS);
    }

    /**
     * Links what it can now: at most one batch. Returns the number of events linked (0 when another node holds the
     * chain, when nothing is new, or while waiting for a gap).
     */
    public synchronized int linkBatch() {
        Integer linked = transactions.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single())) {
                return 0;
            }
            Head head = head();
            // decided before reading, so that a transaction ending in between shows its row in the read below
            boolean gapFinal = gap != null && gap.from == head.position() + 1 && gapIsFinal();
            List<StoredEvent> events = jdbc.sql("SELECT " + EventLog.COLUMNS + " FROM domainevententry WHERE globalindex > ? "
                            + "ORDER BY globalindex LIMIT ?")
                    .params(head.position(), settings.batchSize())
                    .query(EventLog::stored)
                    .list();
            List<Object[]> links = new ArrayList<>();
            long expected = head.position() + 1;
            String previous = head.hash();
            for (StoredEvent event : events) {
                if (event.position() != expected) {
                    if (gap == null || gap.from != expected) {
                        gap = new Gap(expected);
                        break;
                    }
                    if (!gapFinal) {
                        break;
                    }
                    log.info("history chain: positions {}–{} of the event log never filled; the chain goes on without them",
                            expected, event.position() - 1);
                }
                gap = null;
                gapFinal = false;
                previous = ChainCodec.link(previous, event);
                links.add(new Object[]{event.position(), ChainCodec.bytes(previous)});
                expected = event.position() + 1;
            }
            if (!links.isEmpty()) {
                batches.batchUpdate("INSERT INTO event_chain (position, hash) VALUES (?, ?)", links);
            }
            return links.size();
        });
        return linked == null ? 0 : linked;
    }

    /**
     * The missing position the chain is holding at after its grace period, having found transactions that were
     * running when it saw the gap still running (so it is waiting for them, not for the grace); empty otherwise. Lets
     * a test wait for that state instead of sleeping.
     */
    public synchronized java.util.OptionalLong holdingForOpenTransactionsAt() {
        return gap != null && gap.runningTransactions != null && !gap.runningTransactions.isEmpty()
                ? java.util.OptionalLong.of(gap.from) : java.util.OptionalLong.empty();
    }

    /** See the class comment: every transaction running {@code gapGrace} after the gap was seen has ended, or the timeout passed. */
    private boolean gapIsFinal() {
        long waited = System.nanoTime() - gap.seenNanos;
        if (waited >= settings.gapTimeout().toNanos()) {
            log.warn("history chain: position {} still missing after {}; giving it up (a transaction that commits it "
                    + "later will show in verify as not linked)", gap.from, settings.gapTimeout());
            return true;
        }
        if (waited < settings.gapGrace().toNanos()) {
            return false;
        }
        if (gap.runningTransactions == null) {
            gap.runningTransactions = jdbc.sql("SELECT x::text FROM pg_snapshot_xip(pg_current_snapshot()) x")
                    .query(String.class).list();
        }
        if (gap.runningTransactions.isEmpty()) {
            return true;
        }
        long stillRunning = jdbc.sql("SELECT count(*) FROM unnest(?::xid8[]) x WHERE pg_xact_status(x) = 'in progress'")
                .param(gap.runningTransactions.toArray(String[]::new))
                .query(Long.class).single();
        return stillRunning == 0;
    }

    // ---- lifecycle: one worker thread per node ----

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("history chain: linking is switched off (ledger.history.chain.enabled=false)");
            running = true;
            return;
        }
        worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "history-chain");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        worker.schedule(this::loop, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void loop() {
        long delay = settings.pollInterval().toMillis();
        try {
            if (linkBatch() >= settings.batchSize()) {
                delay = 0; // catching up: the next batch at once
            }
        } catch (RuntimeException e) {
            log.warn("history chain: linking failed, retrying in {}: {}", settings.pollInterval(), e.toString());
        }
        if (running && worker != null && !worker.isShutdown()) {
            worker.schedule(this::loop, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
