package io.syncmesh.sync.entity;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.Etags;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.support.web.ProblemException;
import io.syncmesh.support.web.Problems;
import io.syncmesh.sync.apply.EntityRows;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads one entity for the gateway, with its version as a strong ETag. A deleted entity is returned as its tombstone
 * ({@code deleted: true}) so that a device learns the version of the deletion.
 */
@Path("/internal/v1/tenants/{tenant}/entities/{collection}/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class EntityResource {

    private static final String READ = "SELECT " + EntityRows.COLUMNS
            + " FROM sync.entity e WHERE e.tenant = $1 AND e.collection = $2 AND e.entity_id = $3";

    @Inject
    Pool pool;

    @GET
    public Uni<Response> read(@PathParam("tenant") String tenant, @PathParam("collection") String collection,
            @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        if (!Identifiers.isPrincipal(tenant) || !Identifiers.isCollection(collection) || !Identifiers.isEntityId(id)) {
            throw new ProblemException(400, ProblemTypes.INVALID_REQUEST, "Invalid entity reference",
                    "tenant, collection or entity id is malformed");
        }
        return pool.preparedQuery(READ).execute(Tuple.of(tenant, collection, id)).map(rows -> {
            if (rows.size() == 0) {
                return Problems.response(404, ProblemTypes.NOT_FOUND, "Entity not found",
                        "no entity with this collection and id");
            }
            var entity = EntityRows.from(rows.iterator().next()).toEntity();
            String etag = Etags.header(entity.version());
            if (Etags.noneMatchHits(ifNoneMatch, entity.version())) {
                return Response.notModified().header(HttpHeaders.ETAG, etag).build();
            }
            return Response.ok(entity).header(HttpHeaders.ETAG, etag).build();
        });
    }
}
