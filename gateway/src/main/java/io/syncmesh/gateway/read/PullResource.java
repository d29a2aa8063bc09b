package io.syncmesh.gateway.read;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.auth.Caller;
import io.syncmesh.gateway.auth.CallerResolver;
import io.syncmesh.protocol.PullPage;

/** {@code GET /v1/sync/pull}, served by the sync-service for the caller's tenant and device. */
@Path("/v1/sync/pull")
@RolesAllowed(CallerResolver.DEVICE_ROLE)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class PullResource {

    @Inject
    CallerResolver callers;

    @Inject
    @RestClient
    SyncServiceClient syncService;

    @Inject
    Forwarding forwarding;

    @GET
    @APIResponse(responseCode = "200", description = "A page of changes and receipts, with the next cursor", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PullPage.class)))
    @Operation(summary = "Pull changes", description = "Latest state of everything changed after the cursor, and "
            + "this device's receipts. Without a cursor: a full snapshot in pages. 410 resync-required for a cursor "
            + "older than the retention horizon.")
    public Uni<Response> pull(@QueryParam("collections") String collections, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        Caller caller = callers.caller();
        return forwarding.relay(syncService.pull(caller.tenant(), caller.device(), collections, cursor, limit));
    }
}
