package io.syncmesh.sync.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.IsoInstant;
import io.syncmesh.protocol.ReceiptStatus;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of the apply path. Every method is one statement over arrays bound as parameters ({@code unnest}), so a batch
 * costs the same few round trips whatever its size.
 */
@ApplicationScoped
public class ApplyStore {

    private static final String LOCK_ENTITIES = """
            SELECT pg_advisory_xact_lock(h) FROM (
              SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k) AS keys
            ORDER BY h""";

    private static final String LOAD_OUTCOMES = """
            SELECT o.tenant, o.change_id, o.device, o.collection, o.entity_id, o.status, o.attempt, o.version,
                   o.conflict_id, o.code, o.detour_event::text AS detour_event
            FROM unnest($1::text[], $2::text[]) AS k(tenant, change_id)
            JOIN sync.change_outcome o USING (tenant, change_id)""";

    private static final String LOAD_ENTITIES = "SELECT " + EntityRows.COLUMNS
            + " FROM unnest($1::text[], $2::text[], $3::text[]) AS k(tenant, collection, entity_id)"
            + " JOIN sync.entity e USING (tenant, collection, entity_id)";

    private static final String LOAD_QUEUES = """
            SELECT q.envelope::text AS envelope, q.traceparent, q.queued_at, q.deadline, q.position
            FROM unnest($1::text[], $2::text[], $3::text[]) AS k(tenant, collection, entity_id)
            JOIN sync.queued_change q USING (tenant, collection, entity_id)
            ORDER BY q.position""";

    private static final String LOAD_HISTORY = """
            SELECT h.tenant, h.collection, h.entity_id, h.version, h.fields::text AS fields,
                   h.field_meta::text AS field_meta, h.deleted, h.written_at, h.written_by
            FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[]) AS k(tenant, collection, entity_id, version)
            JOIN sync.entity_history h USING (tenant, collection, entity_id, version)""";

    private static final String UPSERT_ENTITIES = """
            INSERT INTO sync.entity (tenant, collection, entity_id, version, fields, field_meta, deleted, updated_at,
                                     updated_by, chain_device, chain_start, detours)
            SELECT t, c, i, v, f::jsonb, m::jsonb, d, u::timestamptz, b, cd, cs, dt
            FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::bool[], $8::text[],
                        $9::text[], $10::text[], $11::int8[], $12::int4[]) AS r(t, c, i, v, f, m, d, u, b, cd, cs, dt)
            ON CONFLICT (tenant, collection, entity_id) DO UPDATE SET
              version = excluded.version, fields = excluded.fields, field_meta = excluded.field_meta,
              deleted = excluded.deleted, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
              chain_device = excluded.chain_device, chain_start = excluded.chain_start, detours = excluded.detours""";

    private static final String INSERT_HISTORY = """
            INSERT INTO sync.entity_history (tenant, collection, entity_id, version, fields, field_meta, deleted,
                                             written_at, written_by)
            SELECT t, c, i, v, f::jsonb, m::jsonb, d, u::timestamptz, b
            FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::bool[], $8::text[],
                        $9::text[], $10::text[], $11::int8[], $12::int4[]) AS r(t, c, i, v, f, m, d, u, b, cd, cs, dt)
            ON CONFLICT DO NOTHING""";

    private static final String INSERT_LOG = """
            INSERT INTO sync.change_log (tenant, collection, entity_id, version, change_id, device)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[])""";

    private static final String UPSERT_OUTCOMES = """
            INSERT INTO sync.change_outcome (tenant, change_id, device, collection, entity_id, status, attempt, version,
                                             conflict_id, code, detour_event)
            SELECT t, ch, dv, c, i, s, a, v, cf, cd, de::jsonb
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int4[], $8::int8[],
                        $9::text[], $10::text[], $11::text[]) AS r(t, ch, dv, c, i, s, a, v, cf, cd, de)
            ON CONFLICT (tenant, change_id) DO UPDATE SET
              status = excluded.status, attempt = excluded.attempt, version = excluded.version,
              conflict_id = excluded.conflict_id, code = excluded.code, detour_event = excluded.detour_event,
              recorded_at = now(), txid = pg_current_xact_id(), seq = nextval('sync.position_seq')""";

    private static final String INSERT_QUEUED = """
            INSERT INTO sync.queued_change (tenant, change_id, collection, entity_id, envelope, traceparent, queued_at,
                                            deadline, position)
            SELECT t, ch, c, i, e::jsonb, tp, qa::timestamptz, dl::timestamptz, nextval('sync.position_seq')
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[])
                 WITH ORDINALITY AS r(t, ch, c, i, e, tp, qa, dl, ord)
            ORDER BY ord""";

    private static final String DELETE_QUEUED = """
            DELETE FROM sync.queued_change q
            USING unnest($1::text[], $2::text[]) AS k(tenant, change_id)
            WHERE q.tenant = k.tenant AND q.change_id = k.change_id""";

    /** Serializes the entities of a batch against other writers (the queue retrier, a rebalanced consumer). */
    private Uni<Void> lockEntities(SqlConnection conn, Collection<EntityKey> keys) {
        String[] recordKeys = keys.stream().map(EntityKey::recordKey).toArray(String[]::new);
        return conn.preparedQuery(LOCK_ENTITIES).execute(Tuple.of(recordKeys)).replaceWithVoid();
    }

    /**
     * Locks the entities of {@code keys} (see {@link #lockEntities}) and loads what the planner needs for a batch of
     * fresh changes and for the queues of {@code moreKeys}: the entities, their queues, and the outcomes of every
     * change id named (the batch's, the queued ones', and their dependencies).
     *
     * <p>
     * The lock and the three loads are pipelined: sent together on the transaction's connection, which PostgreSQL runs
     * in order, so the loads still read after the lock is held, for one round trip instead of four. Only outcomes named
     * by queued changes and not by the batch need a second trip, and only when there are such changes.
     */
    public Uni<PlanningContext> lockAndLoad(SqlConnection conn, List<ChangeInput> inputs,
            Collection<EntityKey> moreKeys) {
        Set<EntityKey> keys = new LinkedHashSet<>(moreKeys);
        inputs.forEach(input -> keys.add(input.envelope().key()));
        Tuple keyParams = Tuple.of(
                keys.stream().map(EntityKey::tenant).toArray(String[]::new),
                keys.stream().map(EntityKey::collection).toArray(String[]::new),
                keys.stream().map(EntityKey::entityId).toArray(String[]::new));
        Set<OutcomeKey> batchIds = new LinkedHashSet<>();
        inputs.forEach(input -> addIds(batchIds, input.envelope()));
        Uni<Void> locked = lockEntities(conn, keys);
        Uni<Map<EntityKey, EntityState>> entities = conn.preparedQuery(LOAD_ENTITIES).execute(keyParams).map(rows -> {
            Map<EntityKey, EntityState> states = new HashMap<>();
            for (Row row : rows) {
                EntityState state = EntityRows.from(row);
                states.put(state.key(), state);
            }
            return states;
        });
        Uni<List<QueuedChange>> queues = conn.preparedQuery(LOAD_QUEUES).execute(keyParams).map(rows -> {
            List<QueuedChange> queued = new ArrayList<>();
            for (Row row : rows) {
                queued.add(new QueuedChange(JsonColumns.read(row.getString("envelope"),
                        io.syncmesh.protocol.ChangeEnvelope.class), row.getString("traceparent"),
                        instant(row, "queued_at"), instant(row, "deadline"), row.getLong("position")));
            }
            return queued;
        });
        Uni<Map<OutcomeKey, StoredOutcome>> batchOutcomes = loadOutcomes(conn, batchIds);
        return Uni.combine().all().unis(locked, entities, queues, batchOutcomes).asTuple().flatMap(loaded -> {
            List<QueuedChange> queued = loaded.getItem3();
            Set<OutcomeKey> queuedIds = new LinkedHashSet<>();
            queued.forEach(change -> addIds(queuedIds, change.envelope()));
            queuedIds.removeAll(batchIds);
            Uni<Map<OutcomeKey, StoredOutcome>> more = queuedIds.isEmpty()
                    ? Uni.createFrom().item(Map.of())
                    : loadOutcomes(conn, queuedIds);
            return more.map(extra -> {
                Map<OutcomeKey, StoredOutcome> outcomes = new HashMap<>(loaded.getItem4());
                outcomes.putAll(extra);
                return PlanningContext.of(outcomes, loaded.getItem2(), queued);
            });
        });
    }

    private static void addIds(Set<OutcomeKey> ids, io.syncmesh.protocol.ChangeEnvelope envelope) {
        Change change = envelope.change();
        ids.add(new OutcomeKey(envelope.tenant(), change.changeId()));
        change.dependsOn().forEach(dependency -> ids.add(new OutcomeKey(envelope.tenant(), dependency)));
    }

    private Uni<Map<OutcomeKey, StoredOutcome>> loadOutcomes(SqlConnection conn, Set<OutcomeKey> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] tenants = ids.stream().map(OutcomeKey::tenant).toArray(String[]::new);
        String[] changeIds = ids.stream().map(OutcomeKey::changeId).toArray(String[]::new);
        return conn.preparedQuery(LOAD_OUTCOMES).execute(Tuple.of(tenants, changeIds)).map(rows -> {
            Map<OutcomeKey, StoredOutcome> result = new HashMap<>();
            for (Row row : rows) {
                StoredOutcome outcome = outcomeFrom(row);
                result.put(outcome.id(), outcome);
            }
            return result;
        });
    }

    static StoredOutcome outcomeFrom(Row row) {
        return new StoredOutcome(
                new OutcomeKey(row.getString("tenant"), row.getString("change_id")),
                row.getString("device"),
                new EntityKey(row.getString("tenant"), row.getString("collection"), row.getString("entity_id")),
                ReceiptStatus.fromWire(row.getString("status")),
                row.getInteger("attempt"),
                row.getLong("version"),
                row.getString("conflict_id"),
                row.getString("code"),
                row.getString("detour_event"));
    }

    /** The stored versions named by {@code wanted} (entity key and version), as snapshots. */
    public Uni<Map<VersionKey, EntitySnapshot>> loadHistory(SqlConnection conn, Collection<VersionKey> wanted) {
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Tuple params = Tuple.of(
                wanted.stream().map(v -> v.key().tenant()).toArray(String[]::new),
                wanted.stream().map(v -> v.key().collection()).toArray(String[]::new),
                wanted.stream().map(v -> v.key().entityId()).toArray(String[]::new),
                wanted.stream().map(VersionKey::version).toArray(Long[]::new));
        return conn.preparedQuery(LOAD_HISTORY).execute(params).map(rows -> {
            Map<VersionKey, EntitySnapshot> result = new HashMap<>();
            for (Row row : rows) {
                EntityKey key = new EntityKey(row.getString("tenant"), row.getString("collection"),
                        row.getString("entity_id"));
                long version = row.getLong("version");
                result.put(new VersionKey(key, version), new EntitySnapshot(version,
                        JsonColumns.fields(row.getString("fields")), JsonColumns.meta(row.getString("field_meta")),
                        row.getBoolean("deleted"), row.getOffsetDateTime("written_at").toInstant(),
                        row.getString("written_by")));
            }
            return result;
        });
    }

    /** An entity at one version. */
    public record VersionKey(EntityKey key, long version) {
    }

    /** Writes the plan: one statement per table, in an order that keeps foreign facts consistent, pipelined. */
    public Uni<Void> write(SqlConnection conn, BatchPlan plan) {
        List<Uni<RowSet<Row>>> statements = new ArrayList<>();
        // A state written to sync.entity is usually also its history row: its JSON is written once for both.
        Map<EntityState, String[]> json = new IdentityHashMap<>();
        if (!plan.entityWrites().isEmpty()) {
            statements.add(conn.preparedQuery(UPSERT_ENTITIES)
                    .execute(entityParams(plan.entityWrites().values(), json)));
        }
        if (!plan.historyRows().isEmpty()) {
            statements.add(conn.preparedQuery(INSERT_HISTORY).execute(entityParams(plan.historyRows(), json)));
        }
        if (!plan.logRows().isEmpty()) {
            statements.add(conn.preparedQuery(INSERT_LOG).execute(logParams(plan.logRows())));
        }
        if (!plan.outcomeWrites().isEmpty()) {
            statements.add(conn.preparedQuery(UPSERT_OUTCOMES).execute(outcomeParams(plan.outcomeWrites().values())));
        }
        if (!plan.queueRemovals().isEmpty()) {
            statements.add(conn.preparedQuery(DELETE_QUEUED).execute(Tuple.of(
                    plan.queueRemovals().stream().map(OutcomeKey::tenant).toArray(String[]::new),
                    plan.queueRemovals().stream().map(OutcomeKey::changeId).toArray(String[]::new))));
        }
        if (!plan.queueAdds().isEmpty()) {
            statements.add(conn.preparedQuery(INSERT_QUEUED).execute(queueParams(plan.queueAdds().values())));
        }
        if (statements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Pipelined: all statements go out together and PostgreSQL runs them in this order, one round trip in all.
        return Uni.join().all(statements).andFailFast().replaceWithVoid();
    }

    /**
     * Entity states as column arrays; history rows take the same arrays and ignore the last three. {@code json} holds
     * each state's fields and field metadata as JSON text, written on first use (JSON writing was the largest part of
     * preparing a batch's statements in the profiles).
     */
    private static Tuple entityParams(Collection<EntityState> states, Map<EntityState, String[]> json) {
        int n = states.size();
        String[] t = new String[n], c = new String[n], i = new String[n], f = new String[n], m = new String[n];
        String[] u = new String[n], b = new String[n], cd = new String[n];
        Long[] v = new Long[n], cs = new Long[n];
        Boolean[] d = new Boolean[n];
        Integer[] dt = new Integer[n];
        int k = 0;
        for (EntityState s : states) {
            t[k] = s.key().tenant();
            c[k] = s.key().collection();
            i[k] = s.key().entityId();
            v[k] = s.version();
            String[] columns = json.computeIfAbsent(s,
                    state -> new String[]{JsonColumns.write(state.fields()), JsonColumns.write(state.fieldMeta())});
            f[k] = columns[0];
            m[k] = columns[1];
            d[k] = s.deleted();
            u[k] = IsoInstant.format(s.updatedAt());
            b[k] = s.updatedBy();
            cd[k] = s.chainDevice();
            cs[k] = s.chainStart();
            dt[k] = s.detours();
            k++;
        }
        return Tuple.from(List.of(t, c, i, v, f, m, d, u, b, cd, cs, dt));
    }

    private static Tuple logParams(List<BatchPlan.LogRow> rows) {
        int n = rows.size();
        String[] t = new String[n], c = new String[n], i = new String[n], ch = new String[n], dv = new String[n];
        Long[] v = new Long[n];
        for (int k = 0; k < n; k++) {
            BatchPlan.LogRow r = rows.get(k);
            t[k] = r.key().tenant();
            c[k] = r.key().collection();
            i[k] = r.key().entityId();
            v[k] = r.version();
            ch[k] = r.changeId();
            dv[k] = r.device();
        }
        return Tuple.from(List.of(t, c, i, v, ch, dv));
    }

    private static Tuple outcomeParams(Collection<StoredOutcome> outcomes) {
        int n = outcomes.size();
        String[] t = new String[n], ch = new String[n], dv = new String[n], c = new String[n], i = new String[n];
        String[] s = new String[n], cf = new String[n], cd = new String[n], de = new String[n];
        Integer[] a = new Integer[n];
        Long[] v = new Long[n];
        int k = 0;
        for (StoredOutcome o : outcomes) {
            t[k] = o.id().tenant();
            ch[k] = o.id().changeId();
            dv[k] = o.device();
            c[k] = o.entity().collection();
            i[k] = o.entity().entityId();
            s[k] = o.status().wire();
            a[k] = o.attempt();
            v[k] = o.version();
            cf[k] = o.conflictId();
            cd[k] = o.code();
            de[k] = o.detourEvent();
            k++;
        }
        return Tuple.from(List.of(t, ch, dv, c, i, s, a, v, cf, cd, de));
    }

    private static Tuple queueParams(Collection<QueuedChange> rows) {
        int n = rows.size();
        String[] t = new String[n], ch = new String[n], c = new String[n], i = new String[n], e = new String[n];
        String[] tp = new String[n], qa = new String[n], dl = new String[n];
        int k = 0;
        for (QueuedChange r : rows) {
            t[k] = r.envelope().tenant();
            ch[k] = r.envelope().change().changeId();
            c[k] = r.envelope().change().collection();
            i[k] = r.envelope().change().entityId();
            e[k] = JsonColumns.write(r.envelope());
            tp[k] = r.traceparent();
            qa[k] = r.queuedAt().toString();
            dl[k] = r.deadline().toString();
            k++;
        }
        return Tuple.from(List.of(t, ch, c, i, e, tp, qa, dl));
    }

    static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column) == null ? null : row.getOffsetDateTime(column).toInstant();
    }
}
