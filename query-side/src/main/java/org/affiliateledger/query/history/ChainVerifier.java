package org.affiliateledger.query.history;

import org.affiliateledger.query.history.EventLog.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Recomputes the chain from the event table and compares it with the stored links, position by position, and stops
 * at the first that does not hold: an event changed after it was linked (or its link changed), an event linked but no
 * longer in the table (deleted), or an event in the table at a position the chain passed without it (written into the
 * past). Positions in neither table are gaps of the log. Logs its progress every few seconds on long runs.
 */
@Component
public class ChainVerifier {
    private static final Logger log = LoggerFactory.getLogger(ChainVerifier.class);
    private static final int SPAN = 5_000;
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    /**
     * @param verified            links recomputed and found equal to the stored ones
     * @param firstBrokenPosition the first position that does not hold, null when all do
     * @param from                the first position checked
     * @param to                  the last position checked (the chain's head, unless a lower {@code to} was given)
     */
    public record Verification(boolean ok, long verified, Long firstBrokenPosition, String reason, long from, long to) {
    }

    private record Link(long position, byte[] hash) {
    }

    private final JdbcClient jdbc;
    private final EventLog eventLog;
    private final EventChain chain;

    public ChainVerifier(JdbcClient jdbc, EventLog eventLog, EventChain chain) {
        this.jdbc = jdbc;
        this.eventLog = eventLog;
        this.chain = chain;
    }

    /** @param from first position (default 1); @param to last position (default and at most: the chain's head) */
    public Verification verify(Long from, Long to) {
        long head = chain.head().position();
        long first = from == null ? 1 : from;
        long last = to == null ? head : Math.min(to, head);
        if (first > last) {
            return new Verification(true, 0, null, null, first, last);
        }
        long started = System.nanoTime();
        long lastReport = started;
        log.info("history verify: positions {}–{}", first, last);
        String previous = chain.linkBefore(first);
        long verified = 0;
        for (long start = first; start <= last; start += SPAN) {
            long end = Math.min(last, start + SPAN - 1);
            TreeMap<Long, StoredEvent> events = new TreeMap<>();
            eventLog.scan(start, end, SPAN, event -> events.put(event.position(), event));
            List<Link> links = jdbc.sql("SELECT position, hash FROM event_chain WHERE position BETWEEN ? AND ? ORDER BY position")
                    .params(start, end)
                    .query((rs, n) -> new Link(rs.getLong(1), rs.getBytes(2)))
                    .list();
            for (Link link : links) {
                Long unlinked = events.isEmpty() || events.firstKey() >= link.position() ? null : events.firstKey();
                if (unlinked != null) {
                    return broken(verified, unlinked, first, last, "the event at position " + unlinked + " is in the event table "
                            + "but not in the chain: it was written after the chain had passed its position");
                }
                StoredEvent event = events.remove(link.position());
                if (event == null) {
                    return broken(verified, link.position(), first, last, "the event at position " + link.position()
                            + " was linked into the chain but is no longer in the event table: it was deleted");
                }
                String expected = ChainCodec.link(previous, event);
                if (!Arrays.equals(ChainCodec.bytes(expected), link.hash())) {
                    return broken(verified, link.position(), first, last, "the event at position " + link.position()
                            + " does not match its link: it (or the stored link) was changed after it was linked");
                }
                previous = expected;
                verified++;
            }
            if (!events.isEmpty()) {
                long unlinked = events.firstKey();
                return broken(verified, unlinked, first, last, "the event at position " + unlinked + " is in the event table "
                        + "but not in the chain: it was written after the chain had passed its position");
            }
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_NANOS) {
                lastReport = now;
                log.info("history verify: {} of positions {}–{} checked, {} links verified, {} events/s", end, first, last,
                        verified, Math.round(verified / ((now - started) / 1e9)));
            }
        }
        log.info("history verify: positions {}–{} hold, {} links verified in {} ms", first, last, verified,
                (System.nanoTime() - started) / 1_000_000);
        return new Verification(true, verified, null, null, first, last);
    }

    private static Verification broken(long verified, long position, long first, long last, String reason) {
        log.warn("history verify: BROKEN at position {}: {}", position, reason);
        return new Verification(false, verified, position, reason, first, last);
    }
}
