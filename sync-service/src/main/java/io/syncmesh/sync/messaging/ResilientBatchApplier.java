package io.syncmesh.sync.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.support.lifecycle.ShutdownGuard;
import io.syncmesh.sync.apply.BatchPlan;
import io.syncmesh.sync.apply.ChangeBatchApplier;
import io.syncmesh.sync.apply.ChangeInput;
import io.syncmesh.sync.config.SyncConfig;

/**
 * Applies a batch so that it always completes: transient failures (connection, serialization, resources) are retried
 * with backoff; any other failure splits the batch in halves, in order, down to the one record that fails, which is
 * dead-lettered with a rejected receipt. A batch that committed but whose events could not be sent is sent again from
 * its stored outcomes until Kafka takes them: never split, never dead-lettered, since its changes are applied.
 *
 * <p>
 * Nothing here fails the consumer while the service runs: a failed channel would stop consuming for good. Work that
 * cannot be the data's fault (sending again, dead-lettering) is retried until it succeeds ({@link RetryUntilStopped});
 * during an outage the batch simply waits, and the consumer lag shows it.
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

    @Inject
    RetryUntilStopped retries;

    /**
     * Applies the batch and completes once it is committed (or, on the recovery path, committed and published), with
     * the completion of its publishing: the batch may be acknowledged when that completes. If sending fails, the
     * batch's stored outcomes are sent again until Kafka takes them. The completion fails only when the service stops
     * (the batch is then left unacknowledged, and delivered again after the restart).
     */
    public Uni<CompletionStage<Void>> applyThenPublish(List<IncomingChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(CompletableFuture.completedFuture(null));
        }
        return applier.apply(inputs(changes))
                .map(plan -> publishInBackground(changes, plan))
                .onFailure().recoverWithUni(failure -> recover(changes, failure, config.retry().initialBackoff())
                        .map(published -> CompletableFuture.completedFuture(published)));
    }

    private CompletionStage<Void> publishInBackground(List<IncomingChange> changes, BatchPlan plan) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        applier.publish(plan)
                .onFailure().recoverWithUni(failure -> sendAgain(changes, failure))
                .subscribe().with(published::complete, published::completeExceptionally);
        return published;
    }

    /**
     * Sends a committed batch's events again: applying its changes again finds their stored outcomes and sends those.
     * Whatever fails here is Kafka or the database, never the data, so it is retried, not split: splitting would end in
     * dead-lettering applied changes as rejected.
     */
    private Uni<Void> sendAgain(List<IncomingChange> changes, Throwable failure) {
        if (shutdown.isStopping()) {
            return Uni.createFrom().failure(failure);
        }
        LOG.warnf("events of a committed batch of %d changes not sent (%s); sending its stored outcomes again",
                changes.size(), FailureKind.describe(failure));
        return retries.run(() -> applier.applyAndPublish(inputs(changes)).replaceWithVoid(),
                "sending the events of a committed batch of " + changes.size() + " changes");
    }

    private Uni<Void> apply(List<IncomingChange> changes, Duration backoff) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Only a failure to commit is recovered by splitting; once committed, the events are the rest of the work.
        return applier.apply(inputs(changes)).onItemOrFailure().transformToUni((plan, failure) -> failure == null
                ? applier.publish(plan).onFailure().recoverWithUni(notSent -> sendAgain(changes, notSent))
                : recover(changes, failure, backoff));
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
            return Uni.createFrom().voidItem().onItem().delayIt().by(backoff)
                    .flatMap(ignored -> apply(changes, retries.longer(backoff)));
        }
        if (changes.size() == 1) {
            IncomingChange change = changes.get(0);
            if (FailureKind.isRefusedData(failure)) {
                return retries.run(() -> unprocessable.refuse(change, ReceiptCodes.UNSTORABLE_VALUE,
                        "PostgreSQL " + FailureKind.describe(failure)),
                        "rejecting change " + change.input().envelope().change().changeId());
            }
            return retries.run(() -> unprocessable.handle(change, failure),
                    "dead-lettering change " + change.input().envelope().change().changeId());
        }
        LOG.warnf("batch of %d changes failed (%s); splitting it to isolate the failing change", changes.size(),
                FailureKind.describe(failure));
        int half = changes.size() / 2;
        return apply(changes.subList(0, half), config.retry().initialBackoff())
                .flatMap(ignored -> apply(changes.subList(half, changes.size()), config.retry().initialBackoff()));
    }

    private static List<ChangeInput> inputs(List<IncomingChange> changes) {
        return changes.stream().map(IncomingChange::input).toList();
    }
}
