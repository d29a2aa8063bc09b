package io.syncmesh.gateway.conflict;

import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.auth.Caller;
import io.syncmesh.gateway.auth.CallerResolver;
import io.syncmesh.gateway.read.Forwarding;
import io.syncmesh.gateway.web.QueryParameters;
import io.syncmesh.gateway.web.RequestJson;
import io.syncmesh.protocol.ConflictItem;
import io.syncmesh.protocol.ConflictPage;
import io.syncmesh.protocol.ConflictResolution;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.support.web.Problems;

/**
 * The manual conflict queue for operators ({@code groups: [operator]}), served by the conflict-service for the caller's
 * tenant. Resolving submits a new change (origin resolution); the device that made the conflicting change gets its
 * receipt.
 */
@Path("/v1/conflicts")
@RolesAllowed(CallerResolver.OPERATOR_ROLE)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class ConflictResource {

    @Inject
    CallerResolver callers;

    @Inject
    @RestClient
    ConflictServiceClient conflicts;

    @Inject
    Forwarding forwarding;

    @GET
    @APIResponse(responseCode = "200", description = "A page of items, oldest first", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConflictPage.class)))
    @Operation(summary = "List conflict items", description = "Oldest first, filtered by collection, status (open, "
            + "resolved, dismissed) and age (olderThan, an ISO-8601 duration); pages follow the cursor in next.")
    public Uni<Response> list(@QueryParam("collection") String collection, @QueryParam("status") String status,
            @QueryParam("olderThan") String olderThan, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @Parameter(description = "Page size", schema = @Schema(type = SchemaType.INTEGER, format = "int32")) String limit) {
        Caller caller = callers.caller();
        Integer pageSize = QueryParameters.wholeNumber("limit", limit);
        return forwarding.relay(conflicts.list(caller.tenant(), collection, status, olderThan, cursor, pageSize));
    }

    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "The item", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConflictItem.class)))
    @Operation(summary = "Read a conflict item", description = "Base, local and remote values, the conflicting "
            + "fields with their policies, and the proposal (what merged on its own).")
    public Uni<Response> get(@PathParam("id") String id) {
        Caller caller = callers.caller();
        return forwarding.relay(conflicts.get(caller.tenant(), checkedId(id)));
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The item, resolved", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConflictItem.class)))
    @Operation(summary = "Resolve a conflict item", description = "{\"take\":\"local\"|\"remote\"} for every "
            + "conflicting field, and/or {\"values\":{field: value}} per field. Submits the proposal plus the chosen "
            + "values as a new change on the remote version. 409 conflict-closed when already decided; 422 "
            + "invalid-resolution when a conflicting field is left undecided.")
    @RequestBody(content = @Content(schema = @Schema(implementation = ConflictResolution.class)))
    public Uni<Response> resolve(@PathParam("id") String id, String body) {
        Caller caller = callers.caller();
        if (body == null || body.isBlank()) {
            throw Problems.invalid("the body must be {\"take\": \"local\"|\"remote\"} and/or {\"values\": {...}}");
        }
        // Read strictly here, so that a body of another shape (an array, say) is a problem answer of the gateway's
        // own, not the conflict-service's mapping failure relayed as it is.
        RequestJson.read(body.getBytes(StandardCharsets.UTF_8), ConflictResolution.class);
        return forwarding.relay(conflicts.resolve(caller.tenant(), checkedId(id), caller.device(), body));
    }

    @POST
    @Path("/{id}/dismiss")
    @APIResponse(responseCode = "200", description = "The item, dismissed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConflictItem.class)))
    @Operation(summary = "Dismiss a conflict item", description = "The remote state stands; nothing is submitted.")
    public Uni<Response> dismiss(@PathParam("id") String id) {
        Caller caller = callers.caller();
        return forwarding.relay(conflicts.dismiss(caller.tenant(), checkedId(id), caller.device()));
    }

    private static String checkedId(String id) {
        // Item ids are UUIDs; anything outside the id alphabet cannot name one and must not reach the path upstream.
        if (!Identifiers.isEntityId(id)) {
            throw Problems.notFound("no conflict item with this id");
        }
        return id;
    }
}
