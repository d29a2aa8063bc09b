package io.syncmesh.gateway.limit;

/**
 * A token bucket: holds at most {@code burst} tokens and gains {@code ratePerSecond} a second. Time is passed in
 * (nanoseconds of a monotonic clock) so that the arithmetic is testable without waiting.
 */
final class TokenBucket {

    private static final double NANOS = 1_000_000_000d;

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long updatedAt;

    TokenBucket(double ratePerSecond, double burst, long now) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a bucket needs a positive rate and a burst of at least 1");
        }
        this.ratePerNano = ratePerSecond / NANOS;
        this.burst = burst;
        this.tokens = burst;
        this.updatedAt = now;
    }

    /**
     * Takes {@code cost} tokens if the bucket has them and answers 0; else takes nothing and answers the nanoseconds
     * until it will have them.
     */
    synchronized long tryTake(double cost, long now) {
        refill(now);
        if (tokens >= cost) {
            tokens -= cost;
            return 0;
        }
        return (long) Math.ceil((Math.min(cost, burst) - tokens) / ratePerNano);
    }

    /** Gives back tokens taken for a request that another limit then refused. */
    synchronized void giveBack(double cost, long now) {
        refill(now);
        tokens = Math.min(burst, tokens + cost);
    }

    /** Whether the bucket is full, so that forgetting it changes nothing. */
    synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= burst;
    }

    private void refill(long now) {
        if (now > updatedAt) {
            tokens = Math.min(burst, tokens + (now - updatedAt) * ratePerNano);
            updatedAt = now;
        }
    }
}
