package io.syncmesh.gateway.entity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.auth.Caller;
import io.syncmesh.gateway.conflict.ConflictServiceClient;
import io.syncmesh.gateway.read.Forwarding;
import io.syncmesh.gateway.read.SyncServiceClient;
import io.syncmesh.protocol.ConflictItem;
import io.syncmesh.protocol.Entity;
import io.syncmesh.protocol.Problem;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.support.web.Problems;

/**
 * Turns the outcome of a single-entity write into its HTTP answer: applied or merged gives 200 with the entity and its
 * ETag; a stale base gives 412 with the current entity; manual review gives 409 with the receipt and the conflict item;
 * other rejections give 404, 410 or 422; a change still pending gives 202 with its receipt.
 */
@ApplicationScoped
public class WriteOutcomes {

    /** The body of a 202: the change is accepted and durable, its outcome is not final yet. */
    public record Pending(Receipt receipt) {
    }

    @Inject
    @RestClient
    SyncServiceClient syncService;

    @Inject
    @RestClient
    ConflictServiceClient conflicts;

    @Inject
    Forwarding forwarding;

    public Uni<Response> respond(Caller caller, ResultEvent event) {
        Receipt receipt = event.receipt();
        return switch (receipt.outcome()) {
            case APPLIED, MERGED -> forwarding.relay(
                    syncService.entity(caller.tenant(), receipt.collection(), receipt.entityId(), null));
            case CONFLICT -> conflictItem(caller, receipt.conflictId())
                    .map(item -> Problems.response(Problem.of(ProblemTypes.CONFLICT, "Conflict queued for review", 409,
                            "the change conflicts with another edit and waits for a person to decide")
                            .withReceipt(receipt).withConflict(item)));
            case REJECTED -> rejected(caller, event);
            default -> Uni.createFrom().item(Response.accepted(new Pending(receipt))
                    .type(MediaType.APPLICATION_JSON).build());
        };
    }

    private Uni<Response> rejected(Caller caller, ResultEvent event) {
        Receipt receipt = event.receipt();
        String code = receipt.code() == null ? "" : receipt.code();
        return switch (code) {
            case ReceiptCodes.PRECONDITION_FAILED, ReceiptCodes.INVALID_BASE_VERSION -> currentEntity(caller, event)
                    .map(current -> Problems.response(Problem.of(ProblemTypes.PRECONDITION_FAILED,
                            "Precondition failed", 412, "the entity changed since the version in If-Match")
                            .withEntity(current).withReceipt(receipt)));
            case ReceiptCodes.NOT_FOUND -> Uni.createFrom().item(Problems.response(Problem.of(ProblemTypes.NOT_FOUND,
                    "Entity not found", 404, "no entity with this collection and id").withReceipt(receipt)));
            case ReceiptCodes.ENTITY_DELETED -> Uni.createFrom().item(Problems.response(Problem.of(ProblemTypes.GONE,
                    "Entity deleted", 410, "the entity was deleted").withReceipt(receipt)));
            default -> Uni.createFrom().item(Problems.response(Problem.of(ProblemTypes.UNPROCESSABLE,
                    "Change rejected", 422, "the change was rejected (" + code + ")").withReceipt(receipt)));
        };
    }

    /** The manual item, or null when the conflict-service cannot show it now (the receipt still names it). */
    private Uni<ConflictItem> conflictItem(Caller caller, String conflictId) {
        if (conflictId == null) {
            return Uni.createFrom().nullItem();
        }
        return conflicts.get(caller.tenant(), conflictId)
                .map(response -> response.getStatus() == 200
                        ? SyncJson.read(response.readEntity(String.class), ConflictItem.class)
                        : null)
                .onFailure().recoverWithNull();
    }

    /** The current entity: from the receipt event when it carries one, else read now. */
    private Uni<Entity> currentEntity(Caller caller, ResultEvent event) {
        if (event.current() != null) {
            return Uni.createFrom().item(event.current());
        }
        return syncService.entity(caller.tenant(), event.receipt().collection(), event.receipt().entityId(), null)
                .map(response -> {
                    if (response.getStatus() != 200) {
                        return null;
                    }
                    try {
                        return SyncJson.mapper().readValue(response.readEntity(String.class), Entity.class);
                    } catch (Exception e) {
                        return null;
                    }
                })
                .onFailure().recoverWithNull();
    }
}
