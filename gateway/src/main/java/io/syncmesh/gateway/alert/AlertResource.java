package io.syncmesh.gateway.alert;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.auth.CallerResolver;
import io.syncmesh.gateway.read.Forwarding;
import io.syncmesh.protocol.ActiveAlerts;

/**
 * {@code GET /v1/alerts} for operators: the mesh's pending and firing alerts, from the metrics-service. Alerts are
 * about the mesh (queues, dead letters, conflict rates per collection), and their labels never carry tenant data.
 */
@Path("/v1/alerts")
@RolesAllowed(CallerResolver.OPERATOR_ROLE)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    @Inject
    CallerResolver callers;

    @Inject
    @RestClient
    MetricsServiceClient metrics;

    @Inject
    Forwarding forwarding;

    @GET
    @APIResponse(responseCode = "200", description = "The pending and firing alerts", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActiveAlerts.class)))
    @Operation(summary = "Active alerts", description = "{\"alerts\":[{name, labels, state: pending|firing, severity, "
            + "value, threshold, summary, activeSince}]}")
    public Uni<Response> active() {
        callers.caller();
        return forwarding.relay(metrics.active());
    }
}
