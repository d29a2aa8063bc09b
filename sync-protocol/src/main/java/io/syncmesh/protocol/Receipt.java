package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What happened to one change. {@code version}/{@code etag} are set for applied and merged changes, {@code conflictId}
 * for conflicts, {@code code} for rejections, {@code originalStatus} for duplicates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(
        String changeId,
        ReceiptStatus status,
        ReceiptStatus originalStatus,
        String collection,
        String entityId,
        Long version,
        String etag,
        String conflictId,
        String code) {

    public static Receipt applied(String changeId, String collection, String entityId, long version) {
        return new Receipt(changeId, ReceiptStatus.APPLIED, null, collection, entityId, version, Etags.of(version),
                null,
                null);
    }

    public static Receipt merged(String changeId, String collection, String entityId, long version) {
        return new Receipt(changeId, ReceiptStatus.MERGED, null, collection, entityId, version, Etags.of(version), null,
                null);
    }

    public static Receipt rejected(String changeId, String collection, String entityId, String code) {
        return new Receipt(changeId, ReceiptStatus.REJECTED, null, collection, entityId, null, null, null, code);
    }

    public static Receipt pending(String changeId, String collection, String entityId) {
        return new Receipt(changeId, ReceiptStatus.PENDING, null, collection, entityId, null, null, null, null);
    }

    public static Receipt conflict(String changeId, String collection, String entityId, String conflictId) {
        return new Receipt(changeId, ReceiptStatus.CONFLICT, null, collection, entityId, null, null, conflictId, null);
    }

    /** This receipt as the answer to a replay: status duplicate, carrying this outcome. */
    public Receipt asDuplicate() {
        if (status == ReceiptStatus.DUPLICATE) {
            return this;
        }
        return new Receipt(changeId, ReceiptStatus.DUPLICATE, status, collection, entityId, version, etag, conflictId,
                code);
    }

    /** The outcome this receipt stands for: its own status, or the original one of a duplicate. */
    public ReceiptStatus outcome() {
        return status == ReceiptStatus.DUPLICATE ? originalStatus : status;
    }
}
