package io.syncmesh.protocol;

import java.util.List;

/** The pending and firing alerts: the metrics-service's answer, relayed by the gateway's {@code GET /v1/alerts}. */
public record ActiveAlerts(List<AlertEvent> alerts) {
}
