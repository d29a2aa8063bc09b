package io.syncmesh.fleet.bench;

import java.util.Arrays;

/** Percentiles of a set of latencies, in milliseconds (nearest rank). */
public record Latencies(int samples, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    public static Latencies ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
