package org.affiliateledger.infra.security;

import java.time.Clock;

/**
 * The clock that times rate-limit windows: the system clock in production; tests supply one they can move, so they
 * compare headers against it rather than against the wall clock. Its own type keeps it apart from the other clocks
 * of the application (the webhook schedule's), which tests move independently.
 */
public record RateLimitClock(Clock clock) {
}
