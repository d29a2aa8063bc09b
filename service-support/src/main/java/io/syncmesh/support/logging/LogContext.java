package io.syncmesh.support.logging;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.jboss.logging.MDC;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.TraceContext;
import io.syncmesh.support.messaging.MeshHeaders;

/**
 * Puts the ids of a change into the logging MDC for the log lines written while it is open, so that JSON logs carry
 * them as fields ({@value #TENANT}, {@value #CHANGE_ID}, {@value #COLLECTION}, {@value #ENTITY_ID},
 * {@value #TRACE_ID}); closing it restores what the MDC held before. Ids only, never field values. A null (or, for a
 * trace, invalid) id is skipped. Open it around a log statement, on the thread that logs:
 *
 * <pre>
 * try (LogContext ignored = LogContext.forChange(envelope, traceparent)) {
 *     LOG.warnf("change %s ...", ...);
 * }
 * </pre>
 */
public final class LogContext implements AutoCloseable {

    public static final String TENANT = "tenant";
    public static final String CHANGE_ID = "changeId";
    public static final String COLLECTION = "collection";
    public static final String ENTITY_ID = "entityId";
    /** The trace-id part of the W3C {@code traceparent}, as tracing systems show it. */
    public static final String TRACE_ID = "traceId";

    /** A key this context set and the value it had before (null: absent). */
    private record Previous(String key, Object value) {
    }

    private final List<Previous> previous = new ArrayList<>(5);

    private LogContext() {
    }

    /** An empty context, to add ids to. */
    public static LogContext open() {
        return new LogContext();
    }

    /** The ids of a change: tenant, change id, collection and entity id, and the trace of its record (may be null). */
    public static LogContext forChange(ChangeEnvelope envelope, String traceparent) {
        LogContext context = open().trace(traceparent);
        if (envelope != null) {
            context.tenant(envelope.tenant());
            if (envelope.change() != null) {
                context.changeId(envelope.change().changeId()).entity(envelope.change().collection(),
                        envelope.change().entityId());
            }
        }
        return context;
    }

    /**
     * The ids a Kafka record's headers name (tenant, change id, trace), for a record that may not even parse: a header
     * value that is not a well-formed id is skipped, since a broken record may carry anything there.
     */
    public static LogContext forRecord(Headers headers) {
        LogContext context = open();
        String tenant = MeshHeaders.text(headers, Topics.HEADER_TENANT);
        String changeId = MeshHeaders.text(headers, Topics.HEADER_CHANGE_ID);
        return context.tenant(Identifiers.isPrincipal(tenant) ? tenant : null)
                .changeId(Identifiers.isChangeId(changeId) ? changeId : null)
                .trace(MeshHeaders.text(headers, Topics.HEADER_TRACEPARENT));
    }

    public LogContext tenant(String tenant) {
        return put(TENANT, tenant);
    }

    public LogContext changeId(String changeId) {
        return put(CHANGE_ID, changeId);
    }

    public LogContext entity(String collection, String entityId) {
        return put(COLLECTION, collection).put(ENTITY_ID, entityId);
    }

    /** The trace id of a W3C {@code traceparent}; an invalid or absent one is skipped. */
    public LogContext trace(String traceparent) {
        return put(TRACE_ID, TraceContext.traceId(traceparent));
    }

    private LogContext put(String key, String value) {
        if (value != null) {
            previous.add(new Previous(key, MDC.put(key, value)));
        }
        return this;
    }

    /** Restores the MDC as it was before this context, in reverse order (a key set twice ends at its first value). */
    @Override
    public void close() {
        for (int i = previous.size() - 1; i >= 0; i--) {
            Previous entry = previous.get(i);
            if (entry.value() == null) {
                MDC.remove(entry.key());
            } else {
                MDC.put(entry.key(), entry.value());
            }
        }
        previous.clear();
    }
}
