package io.syncmesh.sync.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.syncmesh.sync.apply.BatchPlan;
import io.syncmesh.sync.apply.ChangeBatchApplier;
import io.syncmesh.sync.config.SyncConfig;

/**
 * Applies a batch so that it always completes: transient failures (connection, serialization, resources) are retried
 * with backoff; any other failure splits the batch in halves, in order, down to the one record that fails, which is
 * dead-lettered with a rejected receipt. A batch that committed but whose events could not be sent is re-sent, not
 * re-applied.
 *
 * <p>
 * {@link #applyThenPublish} lets the caller go on once the transaction committed, with the sending of the batch's
 * events still under way: the next batch's transaction then overlaps this batch's wait for Kafka's acknowledgements.
 */
@ApplicationScoped
public class ResilientBatchApplier {

    private static final Logger LOG = Logger.getLogger(ResilientBatchApplier.class);

    @Inject
    ChangeBatchApplier applier;

    @Inject
    UnprocessableChanges unprocessable;

    @Inject
    SyncConfig config;

    @Inject
    ShutdownGuard shutdown;

    public Uni<Void> apply(List<IncomingChange> changes) {
        return apply(changes, config.retry().initialBackoff());
    }

    /**
     * Applies the batch and completes once it is committed (or, on the recovery path, committed and published), with
     * the completion of its publishing: the batch may be acknowledged when that completes. If sending fails, the batch
     * goes through {@link #apply} again: its changes find their stored outcomes and send them again. The completion
     * fails only when the service stops (the batch is then left unacknowledged, and delivered again after the restart)
     * or when even that path failed.
     */
    public Uni<CompletionStage<Void>> applyThenPublish(List<IncomingChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(CompletableFuture.completedFuture(null));
        }
        return applier.apply(changes.stream().map(IncomingChange::input).toList())
                .map(plan -> publishInBackground(changes, plan))
                .onFailure().recoverWithUni(failure -> recover(changes, failure, config.retry().initialBackoff())
                        .map(published -> CompletableFuture.completedFuture(published)));
    }

    private CompletionStage<Void> publishInBackground(List<IncomingChange> changes, BatchPlan plan) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        applier.publish(plan)
                .onFailure().recoverWithUni(failure -> {
                    if (shutdown.isStopping()) {
                        return Uni.createFrom().failure(failure);
                    }
                    LOG.warnf("events of a committed batch of %d changes not sent (%s); sending its stored outcomes "
                            + "again", changes.size(), FailureKind.describe(failure));
                    return apply(changes);
                })
                .subscribe().with(published::complete, published::completeExceptionally);
        return published;
    }

    private Uni<Void> apply(List<IncomingChange> changes, Duration backoff) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return applier.applyAndPublish(changes.stream().map(IncomingChange::input).toList())
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> recover(changes, failure, backoff));
    }

    private Uni<Void> recover(List<IncomingChange> changes, Throwable failure, Duration backoff) {
        if (shutdown.isStopping()) {
            // Not committed, so delivered again after the restart: nothing is dead-lettered for a stopping service.
            LOG.infof("batch of %d changes interrupted by shutdown (%s); it is left for the next start",
                    changes.size(), FailureKind.describe(failure));
            return Uni.createFrom().failure(failure);
        }
        if (FailureKind.isTransient(failure)) {
            LOG.warnf("batch of %d changes failed transiently (%s); retrying in %d ms", changes.size(),
                    FailureKind.describe(failure), backoff.toMillis());
            Duration next = backoff.multipliedBy(2).compareTo(config.retry().maxBackoff()) > 0
                    ? config.retry().maxBackoff()
                    : backoff.multipliedBy(2);
            return Uni.createFrom().voidItem().onItem().delayIt().by(backoff)
                    .flatMap(ignored -> apply(changes, next));
        }
        if (changes.size() == 1) {
            return unprocessable.handle(changes.get(0), failure);
        }
        LOG.warnf("batch of %d changes failed (%s); splitting it to isolate the failing change", changes.size(),
                FailureKind.describe(failure));
        int half = changes.size() / 2;
        return apply(changes.subList(0, half), config.retry().initialBackoff())
                .flatMap(ignored -> apply(changes.subList(half, changes.size()), config.retry().initialBackoff()));
    }
}
