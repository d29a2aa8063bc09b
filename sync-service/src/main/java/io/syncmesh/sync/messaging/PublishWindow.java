package io.syncmesh.sync.messaging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Bounds how many committed batches may still be waiting for Kafka to acknowledge their events. A consumer admits each
 * batch's publishing here once its transaction committed, and takes the next batch when the returned stage completes:
 * at once while the window has room, otherwise when the oldest batch in it is acknowledged (or failed). So the next
 * transaction overlaps the previous batches' acknowledgements, and the events in flight stay bounded.
 */
final class PublishWindow {

    private final int capacity;
    private final Deque<CompletionStage<Void>> inFlight = new ArrayDeque<>();

    /**
     * @param capacity
     *            batches that may wait for acknowledgements while the consumer goes on; 0 waits for each.
     */
    PublishWindow(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a window holds 0 or more batches, not " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Admits a committed batch's publishing; the stage completes when the consumer may take its next batch. It never
     * fails: a batch whose publishing failed is not acknowledged, and that is its owner's business.
     */
    synchronized CompletionStage<Void> admit(CompletionStage<Void> publishing) {
        inFlight.removeIf(stage -> stage.toCompletableFuture().isDone());
        inFlight.addLast(publishing);
        if (inFlight.size() <= capacity) {
            return CompletableFuture.completedFuture(null);
        }
        return inFlight.peekFirst().handle((ignored, failure) -> null);
    }

    /** Batches admitted whose publishing has not completed. */
    synchronized int size() {
        inFlight.removeIf(stage -> stage.toCompletableFuture().isDone());
        return inFlight.size();
    }
}
