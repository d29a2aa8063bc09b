package io.syncmesh.conflict.queue;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.ConflictItem;
import io.syncmesh.protocol.ManualQueueStats;

/**
 * The manual queue's size and its oldest open item, over all tenants, for the metrics-service (the queue-age alert).
 * Only counts and a time: nothing of any tenant's data.
 */
@Path("/internal/v1/queue-stats")
@Produces(MediaType.APPLICATION_JSON)
public class QueueStatsResource {

    @GET
    public Uni<ManualQueueStats> stats() {
        return Panache.withSession(() -> ManualItem.<ManualItem>find("status", ConflictItem.OPEN).count()
                .chain(count -> count == 0
                        ? Uni.createFrom().item(new ManualQueueStats(0, null))
                        : ManualItem.<ManualItem>find("status = ?1 order by createdAt", ConflictItem.OPEN)
                                .firstResult()
                                .map(oldest -> new ManualQueueStats(count, oldest.createdAt))));
    }
}
