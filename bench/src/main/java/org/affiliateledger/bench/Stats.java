package org.affiliateledger.bench;

import java.util.Arrays;
import java.util.List;

/** Medians over repeated runs: no reported figure comes from a single run. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double median(double... values) {
        return median(Arrays.stream(values).boxed().toList());
    }

    static double ratio(double value, double baseline) {
        return baseline == 0 ? 0 : value / baseline;
    }
}
