package io.syncmesh.sync.pull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.Entity;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.sync.apply.EntityRows;
import io.syncmesh.sync.receipt.ReceiptRows;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Serves pull pages: the snapshot phase walks live entities by key, the incremental phase reads the change log in
 * (txid, seq) order below the visibility horizon and returns each changed entity's latest state once per page; the
 * device's final receipts follow their own position.
 */
@ApplicationScoped
public class PullService {

    private static final String HORIZONS = """
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, h.txid::text AS purged_txid,
                   h.seq AS purged_seq
            FROM (SELECT 1) AS one LEFT JOIN sync.pull_horizon h ON h.tenant = $1""";

    private static final String LOG_PAGE = "SELECT l.txid::text AS l_txid, l.seq AS l_seq, " + EntityRows.COLUMNS + """
             FROM (SELECT tenant, collection, entity_id, txid, seq FROM sync.change_log
                   WHERE tenant = $1 AND collection = ANY($2::text[])
                     AND (txid, seq) > ($3::text::xid8, $4) AND txid < $5::text::xid8
                   ORDER BY txid, seq LIMIT $6) AS l
            JOIN sync.entity e USING (tenant, collection, entity_id)
            ORDER BY l.txid, l.seq""";

    private static final String RECEIPTS_PAGE = """
            SELECT change_id, status, collection, entity_id, version, conflict_id, code, txid::text AS r_txid,
                   seq AS r_seq -- ReceiptRows.COLUMNS and the position
            FROM sync.change_outcome
            WHERE tenant = $1 AND device = $2 AND status <> 'pending'
              AND (txid, seq) > ($3::text::xid8, $4) AND txid < $5::text::xid8
            ORDER BY txid, seq LIMIT $6""";

    @Inject
    Pool pool;

    @Inject
    SnapshotPages snapshots;

    /** Thrown when the cursor is older than what retention kept: the device must start over with a full snapshot. */
    public static final class ResyncRequiredException extends RuntimeException {

        public ResyncRequiredException() {
            super("cursor is older than the retention horizon", null, false, false);
        }
    }

    private record Horizons(Position visible, Position purged) {
    }

    public Uni<PullPage> pull(String tenant, String device, List<String> collections, String encodedCursor,
            int limit) {
        PullCursor cursor = encodedCursor == null || encodedCursor.isBlank()
                ? PullCursor.start(collections)
                : PullCursor.decode(encodedCursor);
        if (!cursor.fingerprint().equals(PullCursor.fingerprint(collections))) {
            throw new PullCursor.InvalidCursorException();
        }
        return horizons(tenant).flatMap(horizons -> {
            Position entitiesFrom = cursor.entities() == null ? horizons.visible() : cursor.entities();
            boolean firstPull = encodedCursor == null || encodedCursor.isBlank();
            if (!firstPull && horizons.purged() != null && entitiesFrom.isBefore(horizons.purged())) {
                return Uni.createFrom().failure(new ResyncRequiredException());
            }
            Uni<EntitiesPage> entities = cursor.phase() == PullCursor.Phase.SNAPSHOT
                    ? snapshotPage(tenant, collections, cursor, entitiesFrom, limit)
                    : logPage(tenant, collections, entitiesFrom, horizons.visible(), limit);
            return entities.flatMap(page -> receiptsPage(tenant, device, cursor.receipts(), horizons.visible(), limit)
                    .map(receipts -> new PullPage(page.entities(), receipts.receipts(),
                            new PullCursor(page.phase(), page.afterCollection(), page.afterId(), page.position(),
                                    receipts.position(), cursor.fingerprint()).encode(),
                            page.hasMore() || receipts.hasMore())));
        });
    }

    private Uni<Horizons> horizons(String tenant) {
        return pool.preparedQuery(HORIZONS).execute(Tuple.of(tenant)).map(rows -> {
            Row row = rows.iterator().next();
            Position visible = Position.horizon(Long.parseUnsignedLong(row.getString("xmin")));
            String purged = row.getString("purged_txid");
            return new Horizons(visible,
                    purged == null ? null : new Position(Long.parseUnsignedLong(purged), row.getLong("purged_seq")));
        });
    }

    private record EntitiesPage(List<Entity> entities, PullCursor.Phase phase, String afterCollection, String afterId,
            Position position, boolean hasMore) {
    }

    private Uni<EntitiesPage> snapshotPage(String tenant, List<String> collections, PullCursor cursor,
            Position snapshotStart, int limit) {
        return snapshots.after(tenant, collections, cursor.afterCollection(), cursor.afterId(), limit).map(page -> {
            if (page.hasMore()) {
                return new EntitiesPage(page.entities(), PullCursor.Phase.SNAPSHOT, page.last().collection(),
                        page.last().id(), snapshotStart, true);
            }
            // The snapshot is complete: continue with every change from the horizon the snapshot started at.
            return new EntitiesPage(page.entities(), PullCursor.Phase.INCREMENTAL, "", "", snapshotStart, false);
        });
    }

    private Uni<EntitiesPage> logPage(String tenant, List<String> collections, Position from, Position visible,
            int limit) {
        Tuple params = Tuple.of(tenant, collections.toArray(String[]::new), Long.toUnsignedString(from.txid()),
                from.seq(), Long.toUnsignedString(visible.txid()), limit + 1);
        return pool.preparedQuery(LOG_PAGE).execute(params).map(rows -> {
            Map<EntityKey, Entity> latest = new LinkedHashMap<>();
            Position last = from;
            int read = 0;
            boolean hasMore = false;
            for (Row row : rows) {
                if (read == limit) {
                    hasMore = true;
                    break;
                }
                read++;
                last = new Position(Long.parseUnsignedLong(row.getString("l_txid")), row.getLong("l_seq"));
                var state = EntityRows.from(row);
                latest.put(state.key(), state.toEntity());
            }
            // With nothing left below the horizon, the cursor may move up to it: all older rows were read.
            Position next = hasMore ? last : last.max(visible);
            return new EntitiesPage(new ArrayList<>(latest.values()), PullCursor.Phase.INCREMENTAL, "", "", next,
                    hasMore);
        });
    }

    private record ReceiptsPage(List<Receipt> receipts, Position position, boolean hasMore) {
    }

    private Uni<ReceiptsPage> receiptsPage(String tenant, String device, Position from, Position visible, int limit) {
        Tuple params = Tuple.of(tenant, device, Long.toUnsignedString(from.txid()), from.seq(),
                Long.toUnsignedString(visible.txid()), limit + 1);
        return pool.preparedQuery(RECEIPTS_PAGE).execute(params).map(rows -> {
            List<Receipt> receipts = new ArrayList<>();
            Position last = from;
            for (Row row : rows) {
                if (receipts.size() == limit) {
                    return new ReceiptsPage(receipts, last, true);
                }
                receipts.add(ReceiptRows.from(row));
                last = new Position(Long.parseUnsignedLong(row.getString("r_txid")), row.getLong("r_seq"));
            }
            return new ReceiptsPage(receipts, last.max(visible), false);
        });
    }
}
