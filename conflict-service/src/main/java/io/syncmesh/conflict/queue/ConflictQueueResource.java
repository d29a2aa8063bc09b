package io.syncmesh.conflict.queue;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.syncmesh.conflict.config.ConflictConfig;
import io.syncmesh.protocol.ConflictItem;
import io.syncmesh.protocol.ConflictPage;
import io.syncmesh.protocol.ConflictResolution;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.support.web.ProblemException;

/**
 * The manual queue's internal API, for the gateway (which checks the operator's token and passes the tenant and the
 * operator's name in {@value #ACTOR_HEADER}).
 */
@Path("/internal/v1/tenants/{tenant}/conflicts")
@Produces(MediaType.APPLICATION_JSON)
public class ConflictQueueResource {

    /** Who decides: the operator's subject, recorded on the item. */
    public static final String ACTOR_HEADER = "X-Syncmesh-Actor";
    private static final int MAX_PAGE = 500;
    private static final Set<String> STATUSES = Set.of(ConflictItem.OPEN, ConflictItem.RESOLVED,
            ConflictItem.DISMISSED);

    @Inject
    ManualQueue queue;

    @Inject
    ConflictConfig config;

    @GET
    public Uni<ConflictPage> list(@PathParam("tenant") String tenant, @QueryParam("collection") String collection,
            @QueryParam("status") String status, @QueryParam("olderThan") String olderThan,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        checkTenant(tenant);
        if (collection != null && !Identifiers.isCollection(collection)) {
            throw invalid("collection must match [a-z][a-z0-9_]{0,62}");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw invalid("status must be open, resolved or dismissed");
        }
        int size = limit == null ? config.defaultPageSize() : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw invalid("limit must be between 1 and " + MAX_PAGE);
        }
        return queue.list(tenant, new ManualQueue.Filter(collection, status, age(olderThan)), cursor(cursor), size);
    }

    @GET
    @Path("/{id}")
    public Uni<ConflictItem> get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        checkTenant(tenant);
        return queue.get(tenant, id);
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ConflictItem> resolve(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(ACTOR_HEADER) String actor, ConflictResolution decision) {
        checkTenant(tenant);
        return queue.resolve(tenant, id, decision, actor(actor));
    }

    @POST
    @Path("/{id}/dismiss")
    public Uni<ConflictItem> dismiss(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(ACTOR_HEADER) String actor) {
        checkTenant(tenant);
        return queue.dismiss(tenant, id, actor(actor));
    }

    private static void checkTenant(String tenant) {
        if (!Identifiers.isPrincipal(tenant)) {
            throw invalid("tenant is not a valid principal");
        }
    }

    private static String actor(String actor) {
        if (!Identifiers.isPrincipal(actor)) {
            throw invalid("the " + ACTOR_HEADER + " header must name who decides");
        }
        return actor;
    }

    private static Duration age(String olderThan) {
        if (olderThan == null) {
            return null;
        }
        try {
            Duration age = Duration.parse(olderThan);
            if (age.isNegative()) {
                throw invalid("olderThan must not be negative");
            }
            return age;
        } catch (DateTimeParseException e) {
            throw invalid("olderThan must be an ISO-8601 duration, for example PT1H or P2D");
        }
    }

    private static QueueCursor cursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return QueueCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, ProblemTypes.INVALID_CURSOR, "Invalid cursor",
                    "the cursor was not issued by this queue; list without a cursor to start over");
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(400, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }
}
