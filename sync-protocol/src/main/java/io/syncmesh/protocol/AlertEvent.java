package io.syncmesh.protocol;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A transition of an alert on sync.alerts (key: the alert's name) and in {@code GET /v1/alerts}: the rule, the labels
 * that tell its instances apart (for example a collection or a partition; never a device or entity id), its new state
 * ({@code pending}, {@code firing}, {@code resolved}), the value that caused it and the threshold.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertEvent(String type, int schemaVersion, String name, Map<String, String> labels, String state,
        String severity, double value, double threshold, String summary, Instant activeSince, Instant at) {

    public static final String TYPE = "alert";
    public static final int SCHEMA_VERSION = 1;
    public static final String PENDING = "pending";
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    public AlertEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
