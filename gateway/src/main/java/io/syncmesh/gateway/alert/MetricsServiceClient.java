package io.syncmesh.gateway.alert;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** The metrics-service's internal alert API. */
@RegisterRestClient(configKey = "metrics-service")
@Path("/internal/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public interface MetricsServiceClient {

    @GET
    Uni<Response> active();
}
