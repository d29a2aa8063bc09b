package io.syncmesh.metrics.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.AlertEvent;
import io.syncmesh.protocol.SyncJson;

/** The webhook body Alertmanager's receivers expect, from the engine's transitions. */
class AlertmanagerPayloadTest {

    static final String URL = "https://metrics.syncmesh.example";
    static final Instant ELEVEN = Instant.parse("2025-03-01T11:00:00Z");
    static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");
    static final Instant FIVE_PAST = Instant.parse("2025-03-01T12:05:00Z");

    static AlertEvent event(String name, String state, Map<String, String> labels, double value, Instant since) {
        return new AlertEvent(AlertEvent.TYPE, AlertEvent.SCHEMA_VERSION, name, labels, state, "warning", value, 10,
                "Sync lag above 10 s", since, FIVE_PAST);
    }

    static AlertEvent firing(String partition) {
        return event("lag-high", AlertEvent.FIRING, Map.of("partition", partition), 12.5, NOON);
    }

    static AlertEvent resolved(String partition) {
        return event("lag-high", AlertEvent.RESOLVED, Map.of("partition", partition), 3, ELEVEN);
    }

    static JsonNode json(Object value) throws Exception {
        return SyncJson.mapper().readTree(SyncJson.write(value));
    }

    @Test
    void oneFiringAndOneResolvedAlertMakeThisExactBody() throws Exception {
        AlertmanagerPayload payload = AlertmanagerPayload.of(List.of(firing("p1"), resolved("p2")), URL);

        String expected = """
                {
                  "version": "4",
                  "groupKey": "{}:{alertname=\\"lag-high\\"}",
                  "status": "firing",
                  "receiver": "syncmesh",
                  "groupLabels": {"alertname": "lag-high"},
                  "commonLabels": {"alertname": "lag-high", "severity": "warning"},
                  "commonAnnotations": {"summary": "Sync lag above 10 s"},
                  "externalURL": "https://metrics.syncmesh.example",
                  "alerts": [
                    {
                      "status": "firing",
                      "labels": {"alertname": "lag-high", "partition": "p1", "severity": "warning"},
                      "annotations": {"summary": "Sync lag above 10 s", "value": "12.5"},
                      "startsAt": "2025-03-01T12:00:00Z",
                      "endsAt": "0001-01-01T00:00:00Z",
                      "generatorURL": "https://metrics.syncmesh.example",
                      "fingerprint": "f359e8c892c53b5f"
                    },
                    {
                      "status": "resolved",
                      "labels": {"alertname": "lag-high", "partition": "p2", "severity": "warning"},
                      "annotations": {"summary": "Sync lag above 10 s", "value": "3"},
                      "startsAt": "2025-03-01T11:00:00Z",
                      "endsAt": "2025-03-01T12:05:00Z",
                      "generatorURL": "https://metrics.syncmesh.example",
                      "fingerprint": "237b37e51f88e2d2"
                    }
                  ]
                }""";
        assertThat(json(payload)).isEqualTo(SyncJson.mapper().readTree(expected));
    }

    @Test
    void aGroupOfOnlyResolvedAlertsIsResolved() {
        AlertmanagerPayload payload = AlertmanagerPayload.of(List.of(resolved("p1"), resolved("p2")), URL);

        assertThat(payload.status()).isEqualTo("resolved");
        assertThat(payload.alerts()).extracting(AlertmanagerAlert::endsAt).containsOnly(FIVE_PAST);
    }

    @Test
    void theFingerprintIsStableAcrossTransitionsAndDiffersBetweenLabelSets() {
        String firingP1 = AlertmanagerAlert.of(firing("p1"), URL).fingerprint();
        String resolvedP1 = AlertmanagerAlert.of(resolved("p1"), "elsewhere").fingerprint();
        String firingP2 = AlertmanagerAlert.of(firing("p2"), URL).fingerprint();

        assertThat(firingP1).isEqualTo(resolvedP1).isEqualTo(Fingerprint
                .of(Map.of("alertname", "lag-high", "severity", "warning", "partition", "p1")));
        assertThat(firingP2).isNotEqualTo(firingP1).matches("[0-9a-f]{16}");
    }

    @Test
    void pendingTransitionsDoNotGoToTheWebhook() {
        AlertEvent pending = event("lag-high", AlertEvent.PENDING, Map.of("partition", "p3"), 11, FIVE_PAST);

        assertThat(AlertmanagerPayload.grouped(List.of(pending))).isEmpty();
        assertThat(AlertmanagerPayload.grouped(List.of(pending, firing("p1")))).containsExactly(List.of(firing("p1")));
        assertThatThrownBy(() -> AlertmanagerPayload.of(List.of(firing("p1"), pending), URL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pending");
    }

    @Test
    void transitionsAreGroupedPerAlertNameInOrderOfFirstAppearance() {
        AlertEvent other = event("errors-high", AlertEvent.FIRING, Map.of(), 1, NOON);
        List<AlertEvent> transitions = List.of(firing("p1"), other, resolved("p2"));

        assertThat(AlertmanagerPayload.grouped(transitions)).containsExactly(List.of(firing("p1"), resolved("p2")),
                List.of(other));
        assertThat(AlertmanagerPayload.all(transitions, URL)).extracting(AlertmanagerPayload::groupKey,
                AlertmanagerPayload::status).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("{}:{alertname=\"lag-high\"}", "firing"),
                        org.assertj.core.groups.Tuple.tuple("{}:{alertname=\"errors-high\"}", "firing"));
    }

    @Test
    void aBodyHoldsOneAlertNameAndAtLeastOneAlert() {
        AlertEvent other = event("errors-high", AlertEvent.FIRING, Map.of(), 1, NOON);

        assertThatThrownBy(() -> AlertmanagerPayload.of(List.of(firing("p1"), other), URL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("errors-high");
        assertThatThrownBy(() -> AlertmanagerPayload.of(List.of(), URL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commonLabelsAndAnnotationsAreThePairsEveryAlertHas() {
        AlertEvent notesP1 = event("lag-high", AlertEvent.FIRING, Map.of("collection", "notes", "partition", "p1"), 12,
                NOON);
        AlertEvent notesP2 = event("lag-high", AlertEvent.FIRING, Map.of("collection", "notes", "partition", "p2"), 12,
                NOON);
        AlertEvent tasks = event("lag-high", AlertEvent.FIRING, Map.of("collection", "tasks"), 20, NOON);

        AlertmanagerPayload two = AlertmanagerPayload.of(List.of(notesP1, notesP2), URL);
        AlertmanagerPayload three = AlertmanagerPayload.of(List.of(notesP1, notesP2, tasks), URL);

        assertThat(two.commonLabels()).isEqualTo(Map.of("alertname", "lag-high", "severity", "warning", "collection",
                "notes"));
        assertThat(two.commonAnnotations()).isEqualTo(Map.of("summary", "Sync lag above 10 s", "value", "12"));
        assertThat(three.commonLabels()).isEqualTo(Map.of("alertname", "lag-high", "severity", "warning"));
        assertThat(three.commonAnnotations()).isEqualTo(Map.of("summary", "Sync lag above 10 s"));
    }

    @Test
    void theRuleNameAndSeverityWinOverSampleLabelsOfTheSameName() {
        AlertEvent clash = event("lag-high", AlertEvent.FIRING, Map.of("alertname", "x", "severity", "info"), 12,
                NOON);

        assertThat(AlertmanagerAlert.of(clash, URL).labels())
                .isEqualTo(Map.of("alertname", "lag-high", "severity", "warning"));
    }

    @Test
    void theLastTransitionOfOneAlertWins() {
        AlertmanagerPayload payload = AlertmanagerPayload.of(List.of(firing("p1"), resolved("p1")), URL);

        assertThat(payload.alerts()).extracting(AlertmanagerAlert::status).containsExactly("resolved");
        assertThat(payload.status()).isEqualTo("resolved");
    }

    @Test
    void valuesReadAsPeopleWriteThem() {
        assertThat(AlertmanagerAlert.format(3.0)).isEqualTo("3");
        assertThat(AlertmanagerAlert.format(0)).isEqualTo("0");
        assertThat(AlertmanagerAlert.format(-12.25)).isEqualTo("-12.25");
        assertThat(AlertmanagerAlert.format(0.001)).isEqualTo("0.001");
        assertThat(AlertmanagerAlert.format(1500000)).isEqualTo("1500000");
        assertThat(AlertmanagerAlert.format(1e-9)).isEqualTo("1E-9");
        assertThat(AlertmanagerAlert.format(1.5e22)).isEqualTo("1.5E+22");
    }
}
