package org.affiliateledger.command.webhook;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Standard Webhooks' retry schedule as the Cobalz page documents it: attempt 1 at once, then after 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 14 h, 20 h and 24 h — 10 attempts at most, then the delivery is failed.
 */
public final class DeliverySchedule {
    public static final List<Duration> DELAYS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20),
            Duration.ofHours(24));
    public static final int MAX_ATTEMPTS = DELAYS.size() + 1;
    private static final Duration LONGEST = Duration.ofHours(24);

    private DeliverySchedule() {
    }

    /**
     * The wait before the next attempt after {@code attemptsMade} failed attempts, or null when none is left. A
     * {@code Retry-After} (429/503) may postpone the attempt, never hasten it, and never beyond the schedule's longest
     * delay (24 h): clamped to [scheduled delay, 24 h].
     */
    public static Duration next(int attemptsMade, Duration retryAfter) {
        if (attemptsMade >= MAX_ATTEMPTS) {
            return null;
        }
        Duration scheduled = DELAYS.get(attemptsMade - 1);
        if (retryAfter == null) {
            return scheduled;
        }
        // a clamp without comparisons of its own: at either edge both answers are the same wait
        return Collections.min(List.of(Collections.max(List.of(scheduled, retryAfter)), LONGEST));
    }
}
