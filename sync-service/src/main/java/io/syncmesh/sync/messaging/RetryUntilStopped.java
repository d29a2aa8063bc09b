package io.syncmesh.sync.messaging;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.syncmesh.support.lifecycle.ShutdownGuard;
import io.syncmesh.sync.config.SyncConfig;

/**
 * Runs work whose failure is never the data's fault (sending what is already stored, dead-lettering, recording a
 * rejection) until it succeeds, waiting longer after each failure, or until the service stops. Such work must not fail
 * the consumer: a failed channel stops consuming for good, and every change behind it would wait for a restart.
 */
@ApplicationScoped
public class RetryUntilStopped {

    private static final Logger LOG = Logger.getLogger(RetryUntilStopped.class);

    @Inject
    SyncConfig config;

    @Inject
    ShutdownGuard shutdown;

    /**
     * Subscribes to {@code attempt}'s answer, and to a new one after each failure; fails only when the service is
     * stopping (the work is then left for the next start).
     *
     * @param what
     *            names the work in the logs: ids and counts, never field values
     */
    public <T> Uni<T> run(Supplier<Uni<T>> attempt, String what) {
        return run(attempt, what, config.retry().initialBackoff());
    }

    private <T> Uni<T> run(Supplier<Uni<T>> attempt, String what, Duration backoff) {
        return Uni.createFrom().<T>deferred(attempt::get).onFailure().recoverWithUni(failure -> {
            if (shutdown.isStopping()) {
                return Uni.createFrom().failure(failure);
            }
            LOG.warnf("%s failed (%s); trying again in %d ms", what, FailureKind.describe(failure),
                    backoff.toMillis());
            return Uni.createFrom().voidItem().onItem().delayIt().by(backoff)
                    .flatMap(ignored -> run(attempt, what, longer(backoff)));
        });
    }

    /** The wait after {@code backoff}: doubled, up to the configured longest. */
    Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(config.retry().maxBackoff()) > 0 ? config.retry().maxBackoff() : doubled;
    }
}
