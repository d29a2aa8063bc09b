package io.syncmesh.gateway.limit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one caller through at most once per interval, the others at once on their way: the gate of a sweep over a full
 * table, which frees nothing when every entry is in use, so scanning for each newcomer would put the scan on the path
 * of every request. Times are {@code System.nanoTime()}'s scale.
 */
public final class OncePerInterval {

    /** Before the first pass. */
    private static final long NEVER = Long.MIN_VALUE;
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(NEVER);

    public OncePerInterval(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Whether this caller, at {@code now}, is the one let through (then none is until the interval has passed). */
    public boolean tryPass(long now) {
        long due = next.get();
        return (due == NEVER || now - due >= 0) && next.compareAndSet(due, now + intervalNanos);
    }
}
