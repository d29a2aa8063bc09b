package io.syncmesh.gateway.read;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.Receipt;

/** The sync-service's internal read API; the tenant and device always come from the caller's token. */
@RegisterRestClient(configKey = "sync-service")
@Path("/internal/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public interface SyncServiceClient {

    /** The change ids to look up. */
    record ReceiptQuery(List<String> changeIds) {
    }

    /** Stored outcomes. */
    record Receipts(List<Receipt> receipts) {
    }

    @GET
    @Path("/pull")
    Uni<Response> pull(@PathParam("tenant") String tenant, @QueryParam("device") String device,
            @QueryParam("collections") String collections, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit);

    @GET
    @Path("/entities/{collection}/{id}")
    Uni<Response> entity(@PathParam("tenant") String tenant, @PathParam("collection") String collection,
            @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch);

    @POST
    @Path("/receipts/query")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Receipts> receipts(@PathParam("tenant") String tenant, ReceiptQuery query);
}
