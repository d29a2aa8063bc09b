package io.syncmesh.gateway.conflict;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** The conflict-service's internal manual-queue API; the tenant always comes from the caller's token. */
@RegisterRestClient(configKey = "conflict-service")
@Path("/internal/v1/tenants/{tenant}/conflicts")
@Produces(MediaType.APPLICATION_JSON)
public interface ConflictServiceClient {

    /** Who decides, recorded on the item. */
    String ACTOR_HEADER = "X-Syncmesh-Actor";

    @GET
    Uni<Response> list(@PathParam("tenant") String tenant, @QueryParam("collection") String collection,
            @QueryParam("status") String status, @QueryParam("olderThan") String olderThan,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit);

    @GET
    @Path("/{id}")
    Uni<Response> get(@PathParam("tenant") String tenant, @PathParam("id") String id);

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> resolve(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(ACTOR_HEADER) String actor, String decision);

    @POST
    @Path("/{id}/dismiss")
    Uni<Response> dismiss(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(ACTOR_HEADER) String actor);
}
