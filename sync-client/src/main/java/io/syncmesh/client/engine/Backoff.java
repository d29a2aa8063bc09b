package io.syncmesh.client.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after {@code n} consecutive failures the next attempt waits a uniformly random
 * time between 0 and {@code min(cap, initial * 2^(n-1))}. The jitter spreads a fleet that lost the network together so
 * that it does not come back in one wave. Defaults: 1 s doubling to a 5 minute cap.
 */
public final class Backoff {

    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CAP = Duration.ofMinutes(5);

    private final Duration initial;
    private final Duration cap;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration cap, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= cap");
        }
        this.initial = initial;
        this.cap = cap;
        this.random = Objects.requireNonNull(random);
    }

    public static Backoff defaults(RandomGenerator random) {
        return new Backoff(DEFAULT_INITIAL, DEFAULT_CAP, random);
    }

    /** The longest wait after {@code failures} consecutive failures (at least 1). */
    public Duration ceiling(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1");
        }
        // 2^(failures-1) overflows long nanos long before 63 doublings; the cap is reached much earlier.
        int doublings = Math.min(failures - 1, 40);
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < cap.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }

    /** A random wait in {@code [0, ceiling(failures)]}. */
    public Duration delayAfter(int failures) {
        long ceiling = ceiling(failures).toMillis();
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }
}
