package io.syncmesh.sync.receipt;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.protocol.Limits;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.support.web.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The stored outcome of given change ids, for the gateway: a receipt it did not see on sync.results (it started after
 * it was sent, or it waits on another replica) is read here. Ids with no outcome yet are left out.
 */
@Path("/internal/v1/tenants/{tenant}/receipts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReceiptResource {

    private static final String OUTCOMES = "SELECT " + ReceiptRows.COLUMNS
            + " FROM sync.change_outcome WHERE tenant = $1 AND change_id = ANY($2::text[])";

    /** The change ids to look up. */
    public record ReceiptQuery(List<String> changeIds) {
    }

    /** The receipts found. */
    public record Receipts(List<Receipt> receipts) {
    }

    @Inject
    Pool pool;

    @POST
    @Path("/query")
    public Uni<Receipts> query(@PathParam("tenant") String tenant, ReceiptQuery query) {
        if (!Identifiers.isPrincipal(tenant) || query == null || query.changeIds() == null
                || query.changeIds().size() > Limits.MAX_CHANGES_PER_PUSH
                || !query.changeIds().stream().allMatch(Identifiers::isChangeId)) {
            throw new ProblemException(400, ProblemTypes.INVALID_REQUEST, "Invalid receipt query",
                    "changeIds must be at most " + Limits.MAX_CHANGES_PER_PUSH + " valid change ids");
        }
        return pool.preparedQuery(OUTCOMES).execute(Tuple.of(tenant, query.changeIds().toArray(String[]::new)))
                .map(rows -> {
                    List<Receipt> receipts = new ArrayList<>();
                    for (Row row : rows) {
                        receipts.add(ReceiptRows.from(row));
                    }
                    return new Receipts(receipts);
                });
    }
}
