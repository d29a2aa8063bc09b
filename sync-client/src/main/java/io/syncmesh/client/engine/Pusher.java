package io.syncmesh.client.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.syncmesh.client.api.SyncEvent;
import io.syncmesh.client.local.LocalStore;
import io.syncmesh.client.local.OutboxChange;
import io.syncmesh.client.transport.BatchRefusedException;
import io.syncmesh.client.transport.PushResult;
import io.syncmesh.client.transport.SyncTransport;
import io.syncmesh.protocol.Limits;
import io.syncmesh.protocol.PushResponse;
import io.syncmesh.protocol.Receipt;

/**
 * Pushes the change log: queued changes in log order (a change's dependencies were written before it, so log order is
 * dependency order), in small batches, until none is left or the network fails. A change stays queued until the server
 * acknowledges it, so a lost answer means the same change id is pushed again, and the server answers {@code duplicate}
 * with its first outcome.
 */
public final class Pusher {

    /** What one push round did. */
    public record Result(int pushed, List<SyncEvent> events, RuntimeException failure) {

        /** Whether the network or the server failed before every queued change was pushed. */
        public boolean failed() {
            return failure != null;
        }
    }

    private final LocalStore store;
    private final SyncTransport transport;
    private final int batchSize;
    private final Duration wait;
    private final TelemetryBuffer telemetry;

    public Pusher(LocalStore store, SyncTransport transport, int batchSize, Duration wait, TelemetryBuffer telemetry) {
        if (batchSize < 1 || batchSize > Limits.MAX_CHANGES_PER_PUSH) {
            throw new IllegalArgumentException("batch size must be 1.." + Limits.MAX_CHANGES_PER_PUSH);
        }
        this.store = store;
        this.transport = transport;
        this.batchSize = batchSize;
        this.wait = wait;
        this.telemetry = telemetry;
    }

    public Result pushAll() {
        List<SyncEvent> events = new ArrayList<>();
        int pushed = 0;
        int size = batchSize;
        // A change the server answered without a receipt stays queued; it waits for the next round, not this one.
        Set<String> sent = new HashSet<>();
        while (true) {
            int limit = size;
            List<OutboxChange> batch = store.inTransaction(tx -> {
                List<OutboxChange> queued = tx.unfinished().stream()
                        .filter(c -> c.state() == OutboxChange.State.QUEUED && !sent.contains(c.changeId()))
                        .limit(limit).toList();
                // Counted before sending: an attempt whose answer is lost is still an attempt.
                List<OutboxChange> counted = queued.stream().map(OutboxChange::pushedOnce).toList();
                counted.forEach(tx::updateChange);
                return counted;
            });
            if (batch.isEmpty()) {
                return new Result(pushed, events, null);
            }
            batch.forEach(change -> sent.add(change.changeId()));
            PushResult result;
            try {
                result = transport.push(batch.stream().map(OutboxChange::change).toList(), wait);
            } catch (BatchRefusedException refused) {
                if (batch.size() > 1) {
                    // One of them is at fault: push one at a time to find it, without giving up the others.
                    size = 1;
                    batch.forEach(change -> sent.remove(change.changeId()));
                    continue;
                }
                String code = refused.violations().isEmpty() ? "refused" : refused.violations().get(0).code();
                events.addAll(store.inTransaction(tx -> ReceiptApplier.refuse(tx, batch.get(0), code)));
                telemetry.finished(batch.get(0));
                continue;
            } catch (RuntimeException failure) {
                return new Result(pushed, events, failure);
            }
            pushed += batch.size();
            events.addAll(apply(batch, result));
        }
    }

    private List<SyncEvent> apply(List<OutboxChange> batch, PushResult result) {
        return store.inTransaction(tx -> {
            List<SyncEvent> events = new ArrayList<>();
            for (PushResponse.RejectedChange rejected : result.rejected()) {
                tx.change(rejected.changeId()).filter(c -> !c.isFinal())
                        .ifPresent(change -> events.addAll(ReceiptApplier.refuse(tx, change, rejected.code())));
            }
            for (Receipt receipt : result.receipts()) {
                events.addAll(ReceiptApplier.apply(tx, receipt));
            }
            for (OutboxChange sent : batch) {
                tx.change(sent.changeId()).filter(OutboxChange::isFinal).ifPresent(telemetry::finished);
            }
            return events;
        });
    }
}
