package io.syncmesh.sync.deferral;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.sync.apply.BatchPlan;
import io.syncmesh.sync.apply.ChangeBatchApplier;
import io.syncmesh.sync.apply.ChangeInput;
import io.syncmesh.sync.apply.JsonColumns;
import io.syncmesh.sync.config.SyncConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Retries the deferral queue: takes whole per-entity queues (so their order holds), removes them, and runs them through
 * the same planner as fresh changes. A change whose dependencies are still missing is queued again in its old place
 * until its deadline, then rejected with dependency-missing. Replicas share the work with SKIP LOCKED.
 */
@ApplicationScoped
public class DeferredChangeRetrier {

    private static final Logger LOG = Logger.getLogger(DeferredChangeRetrier.class);

    private static final String TAKE_DUE_QUEUES = """
            SELECT tenant, change_id, envelope::text AS envelope, deferred_at, deadline, position
            FROM sync.deferred_change
            WHERE (tenant, collection, entity_id) IN (
              SELECT tenant, collection, entity_id FROM sync.deferred_change
              WHERE next_attempt_at <= now() ORDER BY position LIMIT $1)
            ORDER BY position
            FOR UPDATE SKIP LOCKED""";

    private static final String REMOVE = """
            DELETE FROM sync.deferred_change d
            USING unnest($1::text[], $2::text[]) AS k(tenant, change_id)
            WHERE d.tenant = k.tenant AND d.change_id = k.change_id""";

    @Inject
    Pool pool;

    @Inject
    ChangeBatchApplier applier;

    @Inject
    SyncConfig config;

    @Scheduled(every = "${sync.deferral.retry-interval:1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> retryDue() {
        return pool.withTransaction(this::retryWithin)
                .flatMap(plan -> plan == null ? Uni.createFrom().voidItem() : applier.publish(plan))
                .onFailure().invoke(failure -> LOG.warnf("deferral retry failed (%s); next round will retry",
                        failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<BatchPlan> retryWithin(SqlConnection conn) {
        return conn.preparedQuery(TAKE_DUE_QUEUES).execute(Tuple.of(config.deferral().batchSize())).flatMap(rows -> {
            List<ChangeInput> inputs = new ArrayList<>();
            for (Row row : rows) {
                ChangeEnvelope envelope = JsonColumns.read(row.getString("envelope"), ChangeEnvelope.class);
                inputs.add(new ChangeInput(envelope, new ChangeInput.Deferral(
                        row.getOffsetDateTime("deferred_at").toInstant(), row.getOffsetDateTime("deadline").toInstant(),
                        row.getLong("position"))));
            }
            if (inputs.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            String[] tenants = inputs.stream().map(i -> i.envelope().tenant()).toArray(String[]::new);
            String[] ids = inputs.stream().map(i -> i.envelope().change().changeId()).toArray(String[]::new);
            return conn.preparedQuery(REMOVE).execute(Tuple.of(tenants, ids))
                    .flatMap(removed -> applier.applyWithin(conn, inputs));
        });
    }
}
