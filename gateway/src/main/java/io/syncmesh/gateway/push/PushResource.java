package io.syncmesh.gateway.push;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.auth.Caller;
import io.syncmesh.gateway.auth.CallerResolver;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Problem;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.PushRequest;
import io.syncmesh.protocol.PushResponse;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.Violation;
import io.syncmesh.support.web.ProblemException;

/**
 * {@code POST /v1/sync/push}: takes a batch of changes, refuses the invalid ones alone, and answers once every accepted
 * change is durable in Kafka; with {@code Prefer: wait=N} it answers with the final receipts instead.
 */
@Path("/v1/sync/push")
@RolesAllowed(CallerResolver.DEVICE_ROLE)
@SecurityRequirement(name = "bearer")
public class PushResource {

    /** The answer to a push with {@code Prefer: wait}: one receipt per accepted change, then the rejected ones. */
    public record PushReceipts(List<Receipt> receipts, List<PushResponse.RejectedChange> rejected) {
    }

    @Inject
    CallerResolver callers;

    @Inject
    ChangeValidator validator;

    @Inject
    ChangeSubmitter submitter;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "With Prefer: wait, the receipts", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PushReceipts.class)))
    @APIResponse(responseCode = "202", description = "Every accepted change is durable in Kafka", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PushResponse.class)))
    @Operation(summary = "Push a batch of changes", description = "At most 500 changes and 1 MiB. 202 once every "
            + "accepted change is durable, with the rejected ones and their codes; 400 when no change is valid; with "
            + "Prefer: wait=N (N <= 30), 200 with final receipts (pending if not final).")
    @RequestBody(content = @Content(schema = @Schema(implementation = PushRequest.class)))
    public Uni<Response> push(byte[] body, @HeaderParam("Prefer") List<String> prefer) {
        Caller caller = callers.caller();
        PushBody batch = PushBody.read(body, validator);
        if (batch.accepted().isEmpty() && !batch.rejected().isEmpty()) {
            // Nothing to store: the request as a whole is bad, and says why for each change.
            throw new ProblemException(Problem.of(ProblemTypes.INVALID_REQUEST, "No valid change", 400,
                    "every change of the push was rejected").withErrors(
                            batch.rejected().stream()
                                    .map(r -> new Violation(r.code(), "change " + r.changeId() + ": " + r.detail()))
                                    .toList()));
        }
        Preferences preferences = Preferences.parse(prefer);
        if (preferences.waitFor().isEmpty()) {
            List<String> acceptedIds = batch.accepted().stream().map(Change::changeId).toList();
            return submitter.submit(caller, batch.accepted(), preferences.conflictMode())
                    .map(ignored -> Response.accepted(new PushResponse(acceptedIds, batch.rejected()))
                            .type(MediaType.APPLICATION_JSON).build());
        }
        return submitter.submitAndWait(caller, batch.accepted(), preferences.conflictMode(),
                preferences.waitFor().get())
                .map(events -> Response.ok(new PushReceipts(events.stream().map(e -> e.receipt()).toList(),
                        batch.rejected()))
                        .type(MediaType.APPLICATION_JSON)
                        .header("Preference-Applied", preferences.applied())
                        .build());
    }
}
