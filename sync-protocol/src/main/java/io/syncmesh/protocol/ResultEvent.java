package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A receipt on sync.results, with the tenant and device it belongs to. For a client-side rejection
 * ({@code precondition-failed}) it also carries the current entity.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultEvent(String type, int schemaVersion, String tenant, String device, Receipt receipt,
        Entity current) {

    public static final String TYPE = "receipt";
    public static final int SCHEMA_VERSION = 1;

    public static ResultEvent of(String tenant, String device, Receipt receipt, Entity current) {
        return new ResultEvent(TYPE, SCHEMA_VERSION, tenant, device, receipt, current);
    }
}
