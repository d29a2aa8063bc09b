package io.syncmesh.metrics.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.syncmesh.protocol.AlertEvent;

/** One alert in an Alertmanager webhook body. */
@JsonPropertyOrder({"status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"})
public record AlertmanagerAlert(String status, SortedMap<String, String> labels, SortedMap<String, String> annotations,
        Instant startsAt, Instant endsAt, @JsonProperty("generatorURL") String generatorUrl, String fingerprint) {

    /** Go's zero time, which Alertmanager sends as endsAt of an alert that has not ended. */
    public static final Instant NOT_ENDED = Instant.parse("0001-01-01T00:00:00Z");

    public static final String ALERTNAME = "alertname";
    public static final String SEVERITY = "severity";

    /** The webhook alert of a firing or resolved transition. */
    public static AlertmanagerAlert of(AlertEvent event, String externalUrl) {
        boolean firing = AlertEvent.FIRING.equals(event.state());
        if (!firing && !AlertEvent.RESOLVED.equals(event.state())) {
            throw new IllegalArgumentException("only firing and resolved alerts go to Alertmanager, not "
                    + event.state() + " (" + event.name() + " " + event.labels() + ")");
        }
        SortedMap<String, String> labels = new TreeMap<>(event.labels());
        // Put last so that they win over a sample label of the same name, as rule labels do in Prometheus.
        labels.put(ALERTNAME, event.name());
        labels.put(SEVERITY, event.severity());
        SortedMap<String, String> annotations = new TreeMap<>();
        annotations.put("summary", event.summary());
        annotations.put("value", format(event.value()));
        // The event knows when the alert went pending, not when it fired: that is the start it can report.
        return new AlertmanagerAlert(firing ? AlertEvent.FIRING : AlertEvent.RESOLVED,
                Collections.unmodifiableSortedMap(labels), Collections.unmodifiableSortedMap(annotations),
                event.activeSince(), firing ? NOT_ENDED : event.at(), externalUrl, Fingerprint.of(labels));
    }

    /**
     * A value as people read it: 3 rather than 3.0, 0.001 rather than 1.0E-3, exponent only when very large or small.
     */
    static String format(double value) {
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        double abs = Math.abs(value);
        boolean plain = abs == 0 || (abs >= 1e-6 && abs < 1e21);
        return plain ? d.toPlainString() : d.toString();
    }
}
