package io.syncmesh.metrics.alerting;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.syncmesh.protocol.ActiveAlerts;

/** The active alerts, for the gateway's {@code GET /v1/alerts}. */
@Path("/internal/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    @Inject
    AlertEvaluator evaluator;

    @GET
    public ActiveAlerts active() {
        return new ActiveAlerts(evaluator.active());
    }
}
