package io.syncmesh.sync.retention;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.syncmesh.sync.config.SyncConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Drops history older than its retention (keeping every entity's current version), and change-log rows and tombstones
 * older than theirs. The newest change-log position removed becomes the tenant's pull horizon: a cursor below it gets
 * resync-required instead of silently missing a deletion.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private static final String PURGE_HISTORY = """
            DELETE FROM sync.entity_history h
            WHERE h.written_at < $1
              AND NOT EXISTS (SELECT 1 FROM sync.entity e
                              WHERE e.tenant = h.tenant AND e.collection = h.collection
                                AND e.entity_id = h.entity_id AND e.version = h.version)""";

    private static final String PURGE_LOG_AND_MOVE_HORIZON = """
            WITH purged AS (
              DELETE FROM sync.change_log WHERE written_at < $1 RETURNING tenant, txid, seq
            ), newest AS (
              SELECT DISTINCT ON (tenant) tenant, txid, seq FROM purged ORDER BY tenant, txid DESC, seq DESC
            )
            INSERT INTO sync.pull_horizon AS h (tenant, txid, seq)
            SELECT tenant, txid, seq FROM newest
            ON CONFLICT (tenant) DO UPDATE SET txid = excluded.txid, seq = excluded.seq, moved_at = now()
            WHERE (h.txid, h.seq) < (excluded.txid, excluded.seq)""";

    private static final String PURGE_TOMBSTONES = """
            DELETE FROM sync.entity WHERE deleted AND updated_at < $1 AND detours = 0""";

    @Inject
    Pool pool;

    @Inject
    SyncConfig config;

    @Scheduled(every = "${sync.retention.interval:1H}", delayed = "1M", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> scheduled() {
        return purge(config.retention().history(), config.retention().changeLog())
                .onFailure().invoke(failure -> LOG.warnf("retention failed (%s); it runs again next interval",
                        failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Removes what is older than the given ages, in one transaction. */
    public Uni<Void> purge(Duration historyAge, Duration changeLogAge) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime historyCutoff = now.minus(historyAge);
        OffsetDateTime logCutoff = now.minus(changeLogAge);
        return pool.withTransaction(conn -> conn.preparedQuery(PURGE_HISTORY).execute(Tuple.of(historyCutoff))
                .flatMap(history -> conn.preparedQuery(PURGE_LOG_AND_MOVE_HORIZON).execute(Tuple.of(logCutoff)))
                .flatMap(log -> conn.preparedQuery(PURGE_TOMBSTONES).execute(Tuple.of(logCutoff)))
                .invoke(tombstones -> LOG.infof("retention removed %d tombstones", tombstones.rowCount())))
                .replaceWithVoid();
    }
}
