package io.syncmesh.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Syncs a client by itself: soon after every local write, again when the backoff allows after a failure, every second
 * while changes wait for their outcome, and every {@code pullInterval} otherwise (to pull what others wrote). The app
 * calls {@link #networkAvailable()} from its connectivity callback. One sync is scheduled at a time.
 */
public final class AutoSync implements AutoCloseable {

    /** How soon after a write the push starts: writes in quick succession go in one push. */
    static final Duration AFTER_WRITE = Duration.ofMillis(100);
    /** How often a client with changes waiting for their outcome pulls their receipts. */
    static final Duration WHILE_WAITING = Duration.ofSeconds(1);

    private final SyncClient client;
    private final ScheduledExecutorService executor;
    private final Duration pullInterval;
    private final Clock clock;
    private ScheduledFuture<?> next;
    private Instant nextAt;
    private boolean closed;

    private AutoSync(SyncClient client, ScheduledExecutorService executor, Duration pullInterval, Clock clock) {
        this.client = client;
        this.executor = executor;
        this.pullInterval = pullInterval;
        this.clock = clock;
    }

    /** Starts syncing {@code client} on {@code executor}; the first sync runs at once. */
    public static AutoSync start(SyncClient client, ScheduledExecutorService executor, Duration pullInterval) {
        AutoSync auto = new AutoSync(Objects.requireNonNull(client), Objects.requireNonNull(executor),
                Objects.requireNonNull(pullInterval), Clock.systemUTC());
        client.onWrite(() -> auto.within(AFTER_WRITE));
        auto.within(Duration.ZERO);
        return auto;
    }

    /** The network is back: sync at once, forgetting the backoff. */
    public void networkAvailable() {
        executor.execute(() -> {
            client.networkAvailable();
            afterSync();
        });
    }

    /** Makes sure a sync runs within {@code delay} (an earlier scheduled one is kept). */
    private synchronized void within(Duration delay) {
        Instant at = clock.instant().plus(delay);
        if (closed || (next != null && !next.isDone() && !nextAt.isAfter(at))) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        nextAt = at;
        next = executor.schedule(this::run, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void run() {
        synchronized (this) {
            next = null;
        }
        if (client.isDue()) {
            client.sync();
        }
        afterSync();
    }

    private void afterSync() {
        Instant retryAt = client.syncState().nextAttemptAt();
        if (retryAt != null && retryAt.isAfter(clock.instant())) {
            within(Duration.between(clock.instant(), retryAt));
        } else if (client.queueLength() > 0) {
            within(WHILE_WAITING);
        } else {
            within(pullInterval);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }
}
