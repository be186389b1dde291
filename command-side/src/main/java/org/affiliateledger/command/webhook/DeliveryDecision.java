package org.affiliateledger.command.webhook;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * The delivery saga's decision after each attempt, without I/O: from the delivery's state and the attempt's outcome,
 * what the delivery becomes and when its next attempt is due (its deadline). The rules, in order:
 * <ol>
 *     <li>an attempt overtaken by another node (its lease ran out) only counts: the other attempt decides;</li>
 *     <li>410 Gone parks the delivery (disabling the endpoint, which parks its other deliveries, is not decided here
 *     but by {@link GoneEndpoints}, from the same event);</li>
 *     <li>a replay asked for meanwhile is one more attempt, due at once;</li>
 *     <li>2xx delivers;</li>
 *     <li>otherwise the next attempt waits the schedule's delay for the attempts made since the schedule (re)started
 *     ({@link DeliverySchedule}; a {@code Retry-After} may postpone it), and after the last the delivery fails.</li>
 * </ol>
 */
record DeliveryDecision(Status status, int attempts, int scheduleBase, int replaysDue, @Nullable Instant nextAttemptAt,
                        boolean onlyCount) {

    enum Status {
        PENDING, DELIVERED, FAILED, PARKED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The saga's state for one delivery: attempts made, where the schedule (re)started, replays asked for and not made. */
    record State(int attempts, int scheduleBase, int replaysDue) {
    }

    /** What the attempt's event says. */
    record Outcome(int attempt, boolean delivered, boolean endpointGone, @Nullable Duration retryAfter, boolean replay,
                   boolean overtaken, Instant recordedAt) {
    }

    static DeliveryDecision after(State state, Outcome outcome) {
        int attempt = outcome.attempt();
        if (outcome.overtaken()) {
            return new DeliveryDecision(null, attempt, state.scheduleBase(), state.replaysDue(), null, true);
        }
        int scheduleBase = outcome.replay() ? attempt - 1 : state.scheduleBase();
        int replaysDue = Math.max(0, state.replaysDue() - (outcome.replay() ? 1 : 0));
        if (outcome.endpointGone()) {
            return new DeliveryDecision(Status.PARKED, attempt, scheduleBase, 0, null, false);
        }
        if (replaysDue > 0) {
            return new DeliveryDecision(Status.PENDING, attempt, scheduleBase, replaysDue, outcome.recordedAt(), false);
        }
        if (outcome.delivered()) {
            return new DeliveryDecision(Status.DELIVERED, attempt, scheduleBase, 0, null, false);
        }
        Duration wait = DeliverySchedule.next(attempt - scheduleBase, outcome.retryAfter());
        return wait == null
                ? new DeliveryDecision(Status.FAILED, attempt, scheduleBase, 0, null, false)
                : new DeliveryDecision(Status.PENDING, attempt, scheduleBase, 0, outcome.recordedAt().plus(wait), false);
    }
}
