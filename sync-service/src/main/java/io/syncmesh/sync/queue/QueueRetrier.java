package io.syncmesh.sync.queue;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.sync.apply.ChangeBatchApplier;
import io.syncmesh.sync.config.SyncConfig;
import io.syncmesh.sync.messaging.FailureKind;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Moves entity queues that wait on dependencies: a change whose dependencies were applied since (in another entity, so
 * no batch of its own entity woke it) is decided, and one past its deadline is rejected with dependency-missing. Queues
 * behind a change in the conflict path are left alone: its return moves them. Replicas share the work; the per-entity
 * lock serializes them with the consumer.
 */
@ApplicationScoped
public class QueueRetrier {

    private static final Logger LOG = Logger.getLogger(QueueRetrier.class);

    private static final String WAITING_ENTITIES = """
            SELECT q.tenant, q.collection, q.entity_id
            FROM sync.queued_change q
            LEFT JOIN sync.entity e USING (tenant, collection, entity_id)
            WHERE coalesce(e.detours, 0) = 0
            GROUP BY q.tenant, q.collection, q.entity_id
            ORDER BY min(q.position)
            LIMIT $1""";

    @Inject
    Pool pool;

    @Inject
    ChangeBatchApplier applier;

    @Inject
    SyncConfig config;

    @Scheduled(every = "${sync.deferral.retry-interval:1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> retryWaitingQueues() {
        return pool.preparedQuery(WAITING_ENTITIES).execute(Tuple.of(config.deferral().batchSize()))
                .flatMap(rows -> {
                    List<EntityKey> keys = new ArrayList<>();
                    for (Row row : rows) {
                        keys.add(new EntityKey(row.getString("tenant"), row.getString("collection"),
                                row.getString("entity_id")));
                    }
                    return applier.drainQueues(keys);
                })
                .onFailure().invoke(failure -> LOG.warnf("queue retry failed (%s); the next round retries",
                        FailureKind.describe(failure)))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
