package io.syncmesh.sync.apply;

import io.syncmesh.protocol.EntityKey;
import io.vertx.mutiny.sqlclient.Row;

/** Maps rows of sync.entity (selected with {@link #COLUMNS}) to {@link EntityState}. */
public final class EntityRows {

    /** The entity columns every query selects, from a table aliased {@code e}. */
    public static final String COLUMNS = "e.tenant, e.collection, e.entity_id, e.version, e.fields::text AS fields, "
            + "e.field_meta::text AS field_meta, e.deleted, e.updated_at, e.updated_by, e.chain_device, e.chain_start, "
            + "e.detours";

    private EntityRows() {
    }

    public static EntityState from(Row row) {
        return new EntityState(
                new EntityKey(row.getString("tenant"), row.getString("collection"), row.getString("entity_id")),
                row.getLong("version"),
                JsonColumns.fields(row.getString("fields")),
                JsonColumns.meta(row.getString("field_meta")),
                row.getBoolean("deleted"),
                row.getOffsetDateTime("updated_at").toInstant(),
                row.getString("updated_by"),
                row.getString("chain_device"),
                row.getLong("chain_start"),
                row.getInteger("detours"));
    }
}
