package io.syncmesh.sync.receipt;

import io.syncmesh.protocol.Etags;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;
import io.vertx.mutiny.sqlclient.Row;

/** Maps rows of sync.change_outcome (selected with {@link #COLUMNS}) to receipts. */
public final class ReceiptRows {

    /** The outcome columns a receipt needs. */
    public static final String COLUMNS = "change_id, status, collection, entity_id, version, conflict_id, code";

    private ReceiptRows() {
    }

    public static Receipt from(Row row) {
        Long version = row.getLong("version");
        return new Receipt(row.getString("change_id"), ReceiptStatus.fromWire(row.getString("status")), null,
                row.getString("collection"), row.getString("entity_id"), version,
                version == null ? null : Etags.of(version), row.getString("conflict_id"), row.getString("code"));
    }
}
