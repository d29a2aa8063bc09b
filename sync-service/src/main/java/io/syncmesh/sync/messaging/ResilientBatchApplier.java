package io.syncmesh.sync.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.syncmesh.sync.apply.ChangeBatchApplier;
import io.syncmesh.sync.config.SyncConfig;

/**
 * Applies a batch so that it always completes: transient failures (connection, serialization, resources) are retried
 * with backoff; any other failure splits the batch in halves, in order, down to the one record that fails, which is
 * dead-lettered with a rejected receipt. A batch that committed but whose events could not be sent is re-sent, not
 * re-applied.
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
