package io.syncmesh.gateway.read;

import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.auth.Caller;
import io.syncmesh.gateway.auth.CallerResolver;
import io.syncmesh.gateway.web.QueryParameters;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.protocol.Problem;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.Violation;
import io.syncmesh.protocol.registry.CollectionRegistry;
import io.syncmesh.support.web.ProblemException;

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

    @Inject
    CollectionRegistry registry;

    @GET
    @APIResponse(responseCode = "200", description = "A page of changes and receipts, with the next cursor", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PullPage.class)))
    @Operation(summary = "Pull changes", description = "Latest state of everything changed after the cursor, and "
            + "this device's receipts. Without a cursor: a full snapshot in pages. 410 resync-required for a cursor "
            + "older than the retention horizon.")
    public Uni<Response> pull(@QueryParam("collections") String collections, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 1000", schema = @Schema(type = SchemaType.INTEGER, format = "int32")) String limit) {
        Caller caller = callers.caller();
        Integer pageSize = QueryParameters.wholeNumber("limit", limit);
        refuseUndeclared(collections);
        return forwarding.relay(syncService.pull(caller.tenant(), caller.device(), collections, cursor, pageSize));
    }

    /**
     * A pull of a collection the registry does not declare is refused as a push of a change to it is, with the same
     * code: silently answering nothing would hide a client's typo or a collection removed from the registry. The
     * sync-service checks the rest (names that are no collection name, the cursor, the limit's range).
     */
    private void refuseUndeclared(String collections) {
        if (collections == null) {
            return;
        }
        boolean undeclared = Arrays.stream(collections.split(",")).map(String::trim)
                .anyMatch(name -> Identifiers.isCollection(name) && !registry.declares(name));
        if (undeclared) {
            throw new ProblemException(Problem.of(ProblemTypes.INVALID_REQUEST, "Unknown collection", 400,
                    "collections names a collection that is not declared in the collection registry")
                    .withErrors(List.of(new Violation(ChangeValidator.UNKNOWN_COLLECTION,
                            "collection is not declared in the collection registry"))));
        }
    }
}
