package io.syncmesh.metrics.window;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts per key and slot in fixed time buckets, for sums over recent windows (5 minutes, 1 hour) in bounded memory:
 * one small array per key and bucket, whatever the traffic. Thread-safe: consumers record while the evaluator reads.
 */
public final class RollingCounts {

    private final long bucketMillis;
    private final Duration retention;
    private final int slots;
    private final Map<String, TreeMap<Long, Bucket>> byKey = new HashMap<>();

    private static final class Bucket {

        final long[] counts;

        Bucket(int slots) {
            counts = new long[slots];
        }
    }

    /**
     * @param bucket
     *            the resolution of windows
     * @param retention
     *            the longest window asked for; older buckets are dropped
     * @param slots
     *            how many counters each key has per bucket
     */
    public RollingCounts(Duration bucket, Duration retention, int slots) {
        this.bucketMillis = bucket.toMillis();
        this.retention = retention;
        this.slots = slots;
    }

    /** Adds {@code delta} to the key's slot in the bucket of {@code at}. */
    public synchronized void add(String key, Instant at, int slot, long delta) {
        bucket(key, at).counts[slot] += delta;
        prune(at);
    }

    /** The sums of every slot of the key over the window that ends at {@code now}. */
    public synchronized long[] sum(String key, Instant now, Duration window) {
        long[] total = new long[slots];
        for (Bucket bucket : recent(key, now, window).values()) {
            for (int i = 0; i < slots; i++) {
                total[i] += bucket.counts[i];
            }
        }
        return total;
    }

    /** The keys with data still retained, sorted. */
    public synchronized Set<String> keys() {
        return new TreeSet<>(byKey.keySet());
    }

    private NavigableMap<Long, Bucket> recent(String key, Instant now, Duration window) {
        TreeMap<Long, Bucket> buckets = byKey.get(key);
        if (buckets == null) {
            return new TreeMap<>();
        }
        // A bucket counts when it starts within the window: windows are exact to one bucket.
        long from = now.minus(window).toEpochMilli() / bucketMillis * bucketMillis;
        return buckets.tailMap(from, false);
    }

    private Bucket bucket(String key, Instant at) {
        long start = at.toEpochMilli() / bucketMillis * bucketMillis;
        return byKey.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(start, s -> new Bucket(slots));
    }

    private void prune(Instant now) {
        long oldest = now.minus(retention).toEpochMilli() - bucketMillis;
        byKey.values().forEach(buckets -> buckets.headMap(oldest).clear());
        byKey.values().removeIf(TreeMap::isEmpty);
    }
}
