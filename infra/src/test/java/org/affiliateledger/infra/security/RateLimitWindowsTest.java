package org.affiliateledger.infra.security;

import org.affiliateledger.infra.support.ControllableClock;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One statement per request counts exactly: requests arriving together, also on a window whose row does not exist yet
 * or was deleted under a busy node, never get more than the limit; a window ends a minute after it opened, by the
 * rate-limit clock; rows of ended windows are deleted.
 */
class RateLimitWindowsTest extends LedgerIntegrationTest {
    @Autowired
    RateLimitWindows windows;
    @Autowired
    RateLimitClock rateLimitClock;
    @Autowired
    JdbcClient jdbc;

    /** Windows are timed on a clock that stands still: how long the requests take on a busy machine changes nothing. */
    @BeforeEach
    void clockStill() {
        clock().freezeAt(Instant.now());
    }

    @AfterEach
    void clockBack() {
        clock().reset();
    }

    @Test
    void theCleanupDeletesWindowsThatEndedOverAMinuteAgoAndKeepsTheOthers() {
        windows.take("key_cleanup_idle", "write", 3);
        windows.take("key_cleanup_busy", "write", 3);
        jdbc.sql("UPDATE rate_limit_windows SET window_start = ? WHERE key_id = ?")
                .params(clock().millis() - 120_001, "key_cleanup_idle").update();

        windows.removeExpired();

        assertThat(jdbc.sql("SELECT key_id FROM rate_limit_windows WHERE key_id LIKE 'key_cleanup_%'").query(String.class).list())
                .isEqualTo(List.of("key_cleanup_busy"));
    }

    @Test
    void aWindowAllowsItsLimitAndTellsWhenItEnds() {
        long opened = clock().millis();

        RateLimitWindows.Window first = windows.take("key_counting", "write", 2);
        RateLimitWindows.Window second = windows.take("key_counting", "write", 2);
        RateLimitWindows.Window third = windows.take("key_counting", "write", 2);

        assertThat(first.admitted()).isTrue();
        assertThat(first.remaining()).isEqualTo(1);
        assertThat(first.resetAtEpochSecond()).isEqualTo(-Math.floorDiv(-(opened + 60_000), 1000L));
        assertThat(second.admitted()).isTrue();
        assertThat(second.remaining()).isZero();
        assertThat(third.admitted()).isFalse();
        assertThat(third.remaining()).isZero();
        assertThat(third.resetAtEpochSecond()).isEqualTo(first.resetAtEpochSecond());
        assertThat(third.retryAfterSeconds()).isBetween(1L, 60L);
    }

    @Test
    void aWindowThatEndedStartsAgainWithTheWholeBudget() {
        windows.take("key_next_window", "read", 1);
        RateLimitWindows.Window refused = windows.take("key_next_window", "read", 1);
        clock().advance(Duration.ofSeconds(59));
        RateLimitWindows.Window stillRefused = windows.take("key_next_window", "read", 1);

        clock().advance(Duration.ofSeconds(1));
        RateLimitWindows.Window next = windows.take("key_next_window", "read", 1);

        assertThat(refused.admitted()).isFalse();
        assertThat(stillRefused.admitted()).as("59 s later: the same window").isFalse();
        assertThat(next.admitted()).as("60 s later: a new window").isTrue();
        assertThat(next.remaining()).isZero();
        assertThat(next.resetAtEpochSecond()).isEqualTo(refused.resetAtEpochSecond() + 60);
    }

    @Test
    void aKeysFirstRequestsArrivingTogetherAreEachCountedOnce() throws Exception {
        List<RateLimitWindows.Window> taken = takeTogether("key_first_burst", 24, 10);

        assertThat(taken).filteredOn(RateLimitWindows.Window::admitted).hasSize(10);
        assertThat(taken).filteredOn(window -> !window.admitted()).hasSize(14)
                .allSatisfy(window -> assertThat(window.remaining()).isZero());
    }

    @Test
    void requestsArrivingTogetherAfterTheRowWasDeletedRecreateItAndGetExactlyTheLimit() throws Exception {
        windows.take("key_row_gone", "write", 10);
        windows.take("key_row_gone", "write", 10);
        jdbc.sql("DELETE FROM rate_limit_windows WHERE key_id = ?").param("key_row_gone").update();

        List<RateLimitWindows.Window> taken = takeTogether("key_row_gone", 24, 10);

        assertThat(taken).filteredOn(RateLimitWindows.Window::admitted).hasSize(10);
        assertThat(jdbc.sql("SELECT count(*) FROM rate_limit_windows WHERE key_id = ?").param("key_row_gone")
                .query(Integer.class).single()).isEqualTo(1);
    }

    private ControllableClock clock() {
        return (ControllableClock) rateLimitClock.clock();
    }

    /** {@code requests} takes from as many threads, released at once; an exception from any of them fails the test. */
    private List<RateLimitWindows.Window> takeTogether(String key, int requests, int perMinute) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RateLimitWindows.Window>> results = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        try {
            for (int i = 0; i < requests; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return windows.take(key, "write", perMinute);
                }));
            }
            start.countDown();
            List<RateLimitWindows.Window> taken = new ArrayList<>();
            for (Future<RateLimitWindows.Window> result : results) {
                taken.add(result.get());
            }
            return taken;
        } finally {
            threads.shutdownNow();
        }
    }
}
