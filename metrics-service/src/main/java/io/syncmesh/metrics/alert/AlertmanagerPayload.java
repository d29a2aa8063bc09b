package io.syncmesh.metrics.alert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.syncmesh.protocol.AlertEvent;

/** The body of an Alertmanager webhook (version 4) for the transitions of one alert name. */
@JsonPropertyOrder({"version", "groupKey", "status", "receiver", "groupLabels", "commonLabels", "commonAnnotations",
        "externalURL", "alerts"})
public record AlertmanagerPayload(String version, String groupKey, String status, String receiver,
        SortedMap<String, String> groupLabels, SortedMap<String, String> commonLabels,
        SortedMap<String, String> commonAnnotations, @JsonProperty("externalURL") String externalUrl,
        List<AlertmanagerAlert> alerts) {

    public static final String VERSION = "4";
    public static final String RECEIVER = "syncmesh";

    /**
     * Splits transitions into one group per alert name, in order of first appearance, keeping only firing and resolved
     * ones: Alertmanager has no pending state.
     */
    public static List<List<AlertEvent>> grouped(List<AlertEvent> transitions) {
        Map<String, List<AlertEvent>> byName = new LinkedHashMap<>();
        for (AlertEvent event : transitions) {
            if (AlertEvent.FIRING.equals(event.state()) || AlertEvent.RESOLVED.equals(event.state())) {
                byName.computeIfAbsent(event.name(), n -> new ArrayList<>()).add(event);
            }
        }
        return byName.values().stream().map(List::copyOf).toList();
    }

    /** One payload per group of {@link #grouped(List)}. */
    public static List<AlertmanagerPayload> all(List<AlertEvent> transitions, String externalUrl) {
        return grouped(transitions).stream().map(group -> of(group, externalUrl)).toList();
    }

    /**
     * The payload of firing and resolved transitions that share one alert name. When the same alert (same fingerprint)
     * appears more than once, for example across several evaluations, its last transition wins, so that one body never
     * says both firing and resolved of one alert.
     *
     * @throws IllegalArgumentException
     *             if there are none, they have different names, or one is pending
     */
    public static AlertmanagerPayload of(List<AlertEvent> transitions, String externalUrl) {
        if (transitions == null || transitions.isEmpty()) {
            throw new IllegalArgumentException("a webhook needs at least one firing or resolved transition");
        }
        if (externalUrl == null) {
            throw new IllegalArgumentException("externalUrl must not be null");
        }
        String name = transitions.get(0).name();
        Map<String, AlertmanagerAlert> byFingerprint = new LinkedHashMap<>();
        for (AlertEvent event : transitions) {
            if (!name.equals(event.name())) {
                throw new IllegalArgumentException(
                        "one webhook per alert name; got " + name + " and " + event.name() + " (use grouped)");
            }
            AlertmanagerAlert alert = AlertmanagerAlert.of(event, externalUrl);
            byFingerprint.put(alert.fingerprint(), alert);
        }
        List<AlertmanagerAlert> alerts = List.copyOf(byFingerprint.values());
        boolean anyFiring = alerts.stream().anyMatch(a -> AlertEvent.FIRING.equals(a.status()));
        SortedMap<String, String> groupLabels = new TreeMap<>(Map.of(AlertmanagerAlert.ALERTNAME, name));
        return new AlertmanagerPayload(VERSION, "{}:{alertname=\"" + name + "\"}",
                anyFiring ? AlertEvent.FIRING : AlertEvent.RESOLVED, RECEIVER,
                Collections.unmodifiableSortedMap(groupLabels),
                common(alerts.stream().map(AlertmanagerAlert::labels).toList()),
                common(alerts.stream().map(AlertmanagerAlert::annotations).toList()), externalUrl, alerts);
    }

    /** The pairs (same name, same value) that every map holds. */
    private static SortedMap<String, String> common(List<SortedMap<String, String>> maps) {
        SortedMap<String, String> common = new TreeMap<>(maps.get(0));
        for (Map<String, String> m : maps) {
            common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return Collections.unmodifiableSortedMap(common);
    }
}
