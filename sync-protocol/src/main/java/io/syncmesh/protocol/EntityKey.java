package io.syncmesh.protocol;

import java.util.Objects;

/** Identity of an entity across tenants; its record key routes every change of one entity to one partition. */
public record EntityKey(String tenant, String collection, String entityId) {

    public EntityKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(entityId, "entityId");
    }

    /** The Kafka record key: tenant/collection/entityId (none of the three may contain a slash). */
    public String recordKey() {
        return tenant + "/" + collection + "/" + entityId;
    }

    @Override
    public String toString() {
        return recordKey();
    }
}
