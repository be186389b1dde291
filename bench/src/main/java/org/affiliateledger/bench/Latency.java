package org.affiliateledger.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of one HdrHistogram of latencies recorded in microseconds, reported in milliseconds. */
record Latency(long count, double p50Ms, double p90Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {
    /** 1 µs to 10 minutes at 3 significant digits. */
    static Histogram newHistogram() {
        return new Histogram(1, 600_000_000L, 3);
    }

    static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0, 0, 0);
        }
        return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()), micros.getMean() / 1000.0);
    }

    static void record(Histogram micros, long startNanos, long endNanos) {
        micros.recordValue(Math.max(1, Math.min(600_000_000L, (endNanos - startNanos) / 1000)));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
