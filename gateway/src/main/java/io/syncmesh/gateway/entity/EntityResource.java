package io.syncmesh.gateway.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.auth.Caller;
import io.syncmesh.gateway.auth.CallerResolver;
import io.syncmesh.gateway.push.ChangeSubmitter;
import io.syncmesh.gateway.push.Preferences;
import io.syncmesh.gateway.read.Forwarding;
import io.syncmesh.gateway.read.SyncServiceClient;
import io.syncmesh.gateway.web.RequestJson;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Entity;
import io.syncmesh.protocol.Etags;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Problem;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.Violation;
import io.syncmesh.support.web.ProblemException;
import io.syncmesh.support.web.Problems;

/**
 * One entity: {@code GET} (served by the sync-service, with its version as a strong ETag), and {@code PATCH} and
 * {@code DELETE}, each a single change with {@code If-Match} as its base version, answered with its outcome
 * ({@link WriteOutcomes}). {@code Idempotency-Key}, when given, becomes the change id, so that a retried request is a
 * replay and not a second change.
 */
@Path("/v1/entities/{collection}/{id}")
@RolesAllowed(CallerResolver.DEVICE_ROLE)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class EntityResource {

    @Inject
    ChangeValidator validator;

    @Inject
    CallerResolver callers;

    @Inject
    ChangeSubmitter submitter;

    @Inject
    WriteOutcomes outcomes;

    @Inject
    @RestClient
    SyncServiceClient syncService;

    @Inject
    Forwarding forwarding;

    @ConfigProperty(name = "gateway.entity-write-wait", defaultValue = "10S")
    Duration defaultWait;

    @GET
    @APIResponse(responseCode = "200", description = "The entity, with its ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Entity.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match names the current version")
    @Operation(summary = "Read one entity", description = "With its version as a strong ETag; If-None-Match gives 304.")
    public Uni<Response> read(@PathParam("collection") String collection, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Caller caller = callers.caller();
        return forwarding.relay(syncService.entity(caller.tenant(), collection, id, ifNoneMatch));
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @APIResponse(responseCode = "200", description = "Applied or merged: the entity as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Entity.class)))
    @APIResponse(responseCode = "202", description = "Durable, not final yet: the receipt", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WriteOutcomes.Pending.class)))
    @Operation(summary = "Update fields of an entity", description = "The body holds the fields to set. If-Match is "
            + "required (428 without). 200 with the new ETag; 412 with the current entity when the base is stale "
            + "and Prefer: conflict=reject; 409 when the change went to manual review; 202 while still pending.")
    public Uni<Response> patch(@PathParam("collection") String collection, @PathParam("id") String id, byte[] body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("Prefer") List<String> prefer) {
        Caller caller = callers.caller();
        long base = baseVersion(ifMatch);
        return submit(caller, new Change(changeId(idempotencyKey), collection, id, Op.UPDATE, base, fields(body),
                Instant.now(), null, List.of()), Preferences.parse(prefer));
    }

    @DELETE
    @APIResponse(responseCode = "200", description = "Applied: the tombstone", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Entity.class)))
    @APIResponse(responseCode = "202", description = "Durable, not final yet: the receipt", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WriteOutcomes.Pending.class)))
    @Operation(summary = "Delete an entity", description = "If-Match is required (428 without); answers as PATCH.")
    public Uni<Response> delete(@PathParam("collection") String collection, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("Prefer") List<String> prefer) {
        Caller caller = callers.caller();
        long base = baseVersion(ifMatch);
        return submit(caller, new Change(changeId(idempotencyKey), collection, id, Op.DELETE, base, null,
                Instant.now(), null, List.of()), Preferences.parse(prefer));
    }

    private Uni<Response> submit(Caller caller, Change change, Preferences preferences) {
        List<Violation> violations = validator.validate(change);
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.of(ProblemTypes.INVALID_REQUEST, "Invalid change", 400,
                    violations.get(0).detail()).withErrors(violations));
        }
        return submitter.submitAndWait(caller, List.of(change), preferences.conflictMode(),
                preferences.waitFor().orElse(defaultWait))
                .flatMap(events -> outcomes.respond(caller, events.get(0)));
    }

    private static long baseVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, ProblemTypes.PRECONDITION_REQUIRED, "Precondition required",
                    "send If-Match with the ETag of the version this change is based on");
        }
        return Etags.parse(ifMatch).orElseThrow(() -> Problems.invalid(
                "If-Match must be an entity tag of this API, such as \"v16\""));
    }

    private static String changeId(String idempotencyKey) {
        if (idempotencyKey == null) {
            return UUID.randomUUID().toString();
        }
        if (!Identifiers.isChangeId(idempotencyKey)) {
            throw Problems.invalid("Idempotency-Key must match [A-Za-z0-9_-]{1,64}");
        }
        return idempotencyKey;
    }

    private static Map<String, JsonNode> fields(byte[] body) {
        JsonNode root = body == null || body.length == 0 ? null : RequestJson.readTree(body);
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw Problems.invalid("the body must be a JSON object with the fields to set");
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        root.fields().forEachRemaining(entry -> fields.put(entry.getKey(), entry.getValue()));
        return fields;
    }
}
