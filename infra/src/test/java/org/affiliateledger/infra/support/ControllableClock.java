package org.affiliateledger.infra.support;

import org.affiliateledger.infra.security.RateLimitClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset that tests move forward: the webhook schedule runs in seconds instead of days, a
 * rate-limit window ends without waiting a minute.
 */
public final class ControllableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;
    /** Null: the system clock runs; else the clock stands at this instant and only {@link #advance} moves it. */
    private volatile Instant frozenAt;

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** Back to the system clock (a test that moved a shared clock puts it back for the tests after it). */
    public void reset() {
        offset = Duration.ZERO;
        frozenAt = null;
    }

    /**
     * Holds the clock still at {@code at} until {@link #reset}: what a test compares with it does not depend on how long
     * the machine takes to answer its requests.
     */
    public void freezeAt(Instant at) {
        offset = Duration.ZERO;
        frozenAt = at;
    }

    /** Moves forward, if needed, so that {@code instant} has come. */
    public void advanceTo(Instant instant) {
        Duration gap = Duration.between(instant(), instant);
        if (!gap.isNegative()) {
            advance(gap.plusMillis(1));
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return (frozen == null ? Instant.now() : frozen).plus(offset);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        public ControllableClock controllableClock() {
            return new ControllableClock();
        }

        /** Rate-limit windows on a clock of their own, which only the rate-limit tests move. */
        @Bean
        @Primary
        public RateLimitClock testRateLimitClock() {
            return new RateLimitClock(new ControllableClock());
        }
    }
}
