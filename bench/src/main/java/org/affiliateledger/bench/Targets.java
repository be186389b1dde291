package org.affiliateledger.bench;

/** This round's targets (issue 7); ratios, so they hold across machines. */
final class Targets {
    static final double WRITE_RATIO = 0.10;
    static final double WRITE_P99_MS = 50;
    static final double CURSOR_RATIO = 1.5;
    static final double REBUILD_EVENTS_PER_SECOND = 20_000;
    static final double LAG_P99_MS = 500;
    static final double START_SECONDS = 10;
    static final double DELIVERIES_PER_SECOND = 1_000;

    private Targets() {
    }

    static String verdict(boolean met) {
        return met ? "**met**" : "**missed**";
    }
}
