package io.syncmesh.protocol;

import java.util.List;

/** Kafka topic names and record headers of DESIGN.md section 4; channel names equal topic names. */
public final class Topics {

    /** Change envelopes from the gateway and the conflict-service; key tenant/collection/entityId. */
    public static final String CHANGES = "sync.changes";
    /** Receipts plus tenant and device; key tenant/collection/entityId. */
    public static final String RESULTS = "sync.results";
    /** Conflict events with base and remote snapshots; key tenant/collection/entityId. */
    public static final String CONFLICTS = "sync.conflicts";
    /** Device telemetry; key tenant/device. */
    public static final String TELEMETRY = "sync.telemetry";
    /** Alert transitions; key alert name. */
    public static final String ALERTS = "sync.alerts";
    /** Records of sync.changes that cannot be parsed or applied, with error headers. */
    public static final String CHANGES_DLQ = "sync.changes.dlq";

    /** Every topic the mesh uses; the devstack and the Strimzi resources create exactly these. */
    public static final List<String> ALL = List.of(CHANGES, RESULTS, CONFLICTS, TELEMETRY, ALERTS, CHANGES_DLQ);

    /** W3C trace context header. */
    public static final String HEADER_TRACEPARENT = "traceparent";
    /** Tenant of the record. */
    public static final String HEADER_TENANT = "tenant";
    /** Client change id of the record. */
    public static final String HEADER_CHANGE_ID = "changeId";

    /** Dead-letter headers: a stable error code, a detail without field values, and where the record came from. */
    public static final String HEADER_DLQ_CODE = "dlq-error-code";
    public static final String HEADER_DLQ_DETAIL = "dlq-error-detail";
    public static final String HEADER_DLQ_TOPIC = "dlq-original-topic";
    public static final String HEADER_DLQ_PARTITION = "dlq-original-partition";
    public static final String HEADER_DLQ_OFFSET = "dlq-original-offset";

    private Topics() {
    }
}
