package io.syncmesh.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.syncmesh.client.transport.PushResult;
import io.syncmesh.client.transport.SyncTransport;
import io.syncmesh.client.transport.TransportException;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.TelemetryReport;

/**
 * A flaky mobile network between a device and the mesh: it loses some push answers (the server stored and applied the
 * changes, the device does not know and retries them), and delivers some earlier pushes again late, after newer ones (a
 * retry that was stuck in the network). The server must answer both with the first outcomes.
 */
final class ChaosTransport implements SyncTransport {

    private final SyncTransport delegate;
    private final Random random;
    private final double lossRatio;
    private final double replayRatio;
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();
    private List<Change> earlier;

    ChaosTransport(SyncTransport delegate, Random random, double lossRatio, double replayRatio) {
        this.delegate = delegate;
        this.random = random;
        this.lossRatio = lossRatio;
        this.replayRatio = replayRatio;
    }

    @Override
    public synchronized PushResult push(List<Change> changes, Duration wait) {
        PushResult result = delegate.push(changes, wait);
        if (earlier != null && random.nextDouble() < replayRatio) {
            // An earlier push arrives again, after this newer one.
            delegate.push(earlier, Duration.ZERO);
            replayed.incrementAndGet();
        }
        earlier = changes;
        if (random.nextDouble() < lossRatio) {
            lost.incrementAndGet();
            throw new TransportException("the push's answer was lost", 0);
        }
        return result;
    }

    @Override
    public PullPage pull(List<String> collections, String cursor, int limit) {
        return delegate.pull(collections, cursor, limit);
    }

    @Override
    public void telemetry(TelemetryReport report) {
        delegate.telemetry(report);
    }

    int lostAnswers() {
        return lost.get();
    }

    int replays() {
        return replayed.get();
    }
}
