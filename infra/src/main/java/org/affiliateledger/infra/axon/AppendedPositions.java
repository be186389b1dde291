package org.affiliateledger.infra.axon;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.OptionalLong;

/**
 * The positions (global indexes) the event store gave the events a unit of work appended, as PostgreSQL returned them
 * from the insert itself: a request learns its position ({@code X-Ledger-Position}) without looking its events up again.
 * Noted on the root unit of work, which appends every event published within it.
 */
public final class AppendedPositions {
    private static final String KEY = AppendedPositions.class.getName();

    private long highest = Long.MIN_VALUE;
    private int count;

    private AppendedPositions() {
    }

    /** Called by the event store for each batch it appends within the current unit of work (none: nothing noted). */
    static void note(long highestOfBatch, int events) {
        if (!CurrentUnitOfWork.isStarted() || events == 0) {
            return;
        }
        AppendedPositions appended = CurrentUnitOfWork.get().root().getOrComputeResource(KEY, key -> new AppendedPositions());
        appended.highest = Math.max(appended.highest, highestOfBatch);
        appended.count += events;
    }

    /**
     * The highest position among what {@code unitOfWork}'s root appended, when that was exactly {@code events} events
     * (the ones its caller noted being published); empty otherwise, and then the caller looks them up itself.
     */
    public static OptionalLong highestOf(UnitOfWork<?> unitOfWork, int events) {
        AppendedPositions appended = unitOfWork.root().getResource(KEY);
        return appended != null && appended.count == events ? OptionalLong.of(appended.highest) : OptionalLong.empty();
    }
}
