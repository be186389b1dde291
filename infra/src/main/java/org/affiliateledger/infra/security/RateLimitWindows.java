package org.affiliateledger.infra.security;

import org.affiliateledger.events.common.ApiCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Each key's rate limits as fixed one-minute windows in PostgreSQL ({@code rate_limit_windows}), shared by every node:
 * a window opens with a key's first request of its class (read or write) and allows {@code per_minute} requests until
 * it ends; the next request after it opens a new one. So {@code X-RateLimit-Reset} stays put within a window and the
 * (N+1)th request of a window is refused deterministically. The limit is part of the row's key: a changed limit gets
 * a fresh window.
 * <p>
 * One statement per request ({@link #admit}): it finds the key by its hash (unrevoked), reads its limits, and takes one
 * request of the window with an {@code INSERT … ON CONFLICT DO UPDATE … RETURNING}, whose row lock serialises the
 * nodes' requests on one window, so the limit holds exactly across nodes. The key's row is read on every request, so a
 * revocation, a changed scope or limit applies from the next request on every node, with no cache to invalidate.
 * Windows are timed by the injected {@link RateLimitClock}: the node that opens a window stamps its start.
 */
@Component
public class RateLimitWindows {
    static final long WINDOW_MILLIS = 60_000;
    private static final Logger log = LoggerFactory.getLogger(RateLimitWindows.class);
    private static final int CLEANUP_BATCH = 1000;
    /** The request of a window: a new window once the row's has ended; used never grows past the limit + 1. */
    private static final String TAKE = """
            INSERT INTO rate_limit_windows AS w (key_id, request_class, per_minute, window_start, used)
            SELECT key_id, request_class, per_minute, now_ms, 1 FROM %s
            ON CONFLICT (key_id, request_class, per_minute) DO UPDATE SET
                window_start = CASE WHEN EXCLUDED.window_start >= w.window_start + %d THEN EXCLUDED.window_start
                                    ELSE w.window_start END,
                used = CASE WHEN EXCLUDED.window_start >= w.window_start + %d THEN 1
                            ELSE LEAST(w.used + 1, w.per_minute + 1) END
            RETURNING per_minute, window_start, used""";
    private static final String TAKE_FOR_BUCKET = TAKE.formatted("""
            (SELECT ?::varchar AS key_id, ?::varchar AS request_class, ?::int AS per_minute, ?::bigint AS now_ms) AS bucket""",
            WINDOW_MILLIS, WINDOW_MILLIS);
    private static final String ADMIT = """
            WITH api_key AS (
                SELECT id, merchant_id, scopes, COALESCE(read_per_minute, ?) AS read_limit,
                       COALESCE(write_per_minute, ?) AS write_limit
                FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL),
            taken AS (%s)
            SELECT api_key.*, taken.* FROM api_key, taken""".formatted(TAKE.formatted("""
            (SELECT id AS key_id, ?::varchar AS request_class,
                    CASE WHEN ?::boolean THEN read_limit ELSE write_limit END AS per_minute, ?::bigint AS now_ms FROM api_key) AS bucket""",
            WINDOW_MILLIS, WINDOW_MILLIS));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RateLimitProperties defaults;

    public RateLimitWindows(RateLimitConfig.RateLimitPool pool, RateLimitClock clock, RateLimitProperties defaults) {
        this.jdbc = JdbcClient.create(pool.dataSource());
        this.clock = clock.clock();
        this.defaults = defaults;
    }

    /** What one request of a window learnt: whether it may proceed, and the window's numbers for the headers. */
    public record Window(int perMinute, long windowStartMillis, int used, long nowMillis) {
        public boolean admitted() {
            return used <= perMinute;
        }

        public int remaining() {
            return Math.max(0, perMinute - used);
        }

        /** When the window ends, in Unix seconds rounded up. */
        public long resetAtEpochSecond() {
            return ceilSeconds(windowStartMillis + WINDOW_MILLIS);
        }

        /** Seconds until the window ends, at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, ceilSeconds(windowStartMillis + WINDOW_MILLIS - nowMillis));
        }

        private static long ceilSeconds(long millis) {
            return -Math.floorDiv(-millis, 1000L);
        }
    }

    /** A known, unrevoked key with its limits in force, and what its request took from its window. */
    public record Admission(ApiCaller caller, RateLimitPolicy limits, Window window) {
    }

    /**
     * Authenticates the key and takes one request of its window for the request class, in one statement.
     *
     * @return empty when no unrevoked key has this hash (nothing is counted)
     */
    public Optional<Admission> admit(String secretHash, boolean read) {
        long now = clock.millis();
        return jdbc.sql(ADMIT)
                .params(defaults.readPerMinute(), defaults.writePerMinute(), secretHash, read ? "read" : "write", read, now)
                .query((rs, n) -> new Admission(
                        new ApiCaller(rs.getString("id"), rs.getString("merchant_id"), Set.of(rs.getString("scopes").split(" "))),
                        new RateLimitPolicy(rs.getInt("read_limit"), rs.getInt("write_limit")), window(rs, now)))
                .optional();
    }

    /** Takes one request of a window directly (no key lookup). */
    public Window take(String keyId, String requestClass, int perMinute) {
        long now = clock.millis();
        return jdbc.sql(TAKE_FOR_BUCKET).params(keyId, requestClass, perMinute, now)
                .query((rs, n) -> window(rs, now)).single();
    }

    private static Window window(ResultSet rs, long now) throws SQLException {
        return new Window(rs.getInt("per_minute"), rs.getLong("window_start"), rs.getInt("used"), now);
    }

    /**
     * Rows of windows that ended over a minute ago (an ended window behaves exactly like a missing row, so deleting
     * it never changes an answer); SKIP LOCKED keeps the nodes' cleanups out of each other's and the requests' way.
     */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
    void removeExpired() {
        long endedBefore = clock.millis() - 2 * WINDOW_MILLIS;
        int removed;
        int total = 0;
        do {
            removed = jdbc.sql("""
                            DELETE FROM rate_limit_windows WHERE ctid IN (
                                SELECT ctid FROM rate_limit_windows WHERE window_start < ? LIMIT ? FOR UPDATE SKIP LOCKED)""")
                    .params(endedBefore, CLEANUP_BATCH).update();
            total += removed;
        } while (removed == CLEANUP_BATCH);
        log.debug("removed {} ended rate-limit windows", total);
    }
}
