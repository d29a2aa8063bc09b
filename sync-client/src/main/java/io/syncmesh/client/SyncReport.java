package io.syncmesh.client;

import java.time.Instant;

/**
 * What one sync cycle did: {@code ok} (pushed and pulled), {@code partial} (the push went through but the pull failed),
 * {@code failed} (the push failed: retried at {@code nextAttemptAt}); the counts of changes pushed, entities and
 * receipts pulled; how many changes still wait in the outbox.
 */
public record SyncReport(String outcome, int pushed, int pulledEntities, int pulledReceipts, int queueLength,
        Instant nextAttemptAt, RuntimeException failure) {

    public static final String OK = "ok";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";

    public boolean succeeded() {
        return OK.equals(outcome);
    }
}
