package io.syncmesh.support.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.syncmesh.protocol.Topics;

/**
 * The headers a change's records carry on every topic (tenant, change id, trace context), so that a reader can tell
 * whose record it is, and log its ids, without parsing the value.
 */
public final class MeshHeaders {

    private MeshHeaders() {
    }

    /** The headers of a record about {@code changeId} of {@code tenant}; {@code traceparent} is left out when null. */
    public static RecordHeaders of(String tenant, String changeId, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(Topics.HEADER_TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(Topics.HEADER_TENANT, tenant.getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_CHANGE_ID, changeId.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The last value of the header {@code name} as text, or null when there is none. */
    public static String text(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
