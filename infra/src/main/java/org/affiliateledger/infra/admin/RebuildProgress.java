package org.affiliateledger.infra.admin;

import org.jspecify.annotations.Nullable;

/**
 * The arithmetic of a rebuild's progress, apart from Axon and the clock so it can be tested: how much of the replay is
 * done, how fast it goes and how long is left. Positions are global event positions; times are {@link System#nanoTime()}.
 */
final class RebuildProgress {
    /** Where a processor stood at an instant; {@code position} −1: before the first event (a rebuild that just began). */
    record Sample(long position, long nanos) {
    }

    private RebuildProgress() {
    }

    /**
     * @param upTo     the position the replay runs up to (the head when it started); 0 or less: there was nothing to replay
     * @param position the lowest position the replaying segments have reached, null before the first event
     * @param from     where it stood earlier (at the start of the rebuild, or at the previous look), null if never seen
     * @param now      the current {@link System#nanoTime()}
     * @return percent done (0–100, one decimal: events written after the rebuild started do not push it past 100), the
     * speed since {@code from} (one decimal) and the seconds left at that speed, both null until some progress was measured
     */
    static ProjectionAdminController.Rebuild of(long upTo, @Nullable Long position, @Nullable Sample from, long now) {
        long at = position == null ? 0 : position;
        double percent = upTo <= 0 ? 100.0 : Math.min(100.0, Math.max(0.0, 100.0 * at / upTo));
        Double rate = null;
        Long eta = null;
        if (from != null && now - from.nanos() > 0) {
            long done = at - Math.max(0, from.position());
            if (done > 0) {
                rate = done / ((now - from.nanos()) / 1e9);
                eta = Math.round(Math.max(0, upTo - at) / rate);
            }
        }
        return new ProjectionAdminController.Rebuild(upTo, Math.round(percent * 10) / 10.0,
                rate == null ? null : Math.round(rate * 10) / 10.0, eta);
    }
}
