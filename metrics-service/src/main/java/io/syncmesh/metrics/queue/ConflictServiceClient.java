package io.syncmesh.metrics.queue;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.syncmesh.protocol.ManualQueueStats;

/** The conflict-service's queue statistics (blocking: called from the evaluator's worker thread). */
@RegisterRestClient(configKey = "conflict-service")
@Path("/internal/v1/queue-stats")
@Produces(MediaType.APPLICATION_JSON)
public interface ConflictServiceClient {

    @GET
    ManualQueueStats stats();
}
