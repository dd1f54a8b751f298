package io.tokenfence.bench.load;

import java.util.Arrays;

/** Sorted latency samples in nanoseconds, with the percentiles the report quotes. */
record Latencies(long[] sortedNanos) {

    static Latencies of(long[] nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new Latencies(copy);
    }

    double percentileMillis(double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(percentile / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1_000_000.0;
    }

    double medianMicros() {
        return percentileMillis(50) * 1000;
    }

    int count() {
        return sortedNanos.length;
    }
}
