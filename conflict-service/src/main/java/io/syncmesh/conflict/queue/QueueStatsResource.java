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
        // One query: the count and the oldest creation time of the open items.
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createSelectionQuery("select count(*), min(createdAt) from ManualItem where status = :status",
                        Object[].class)
                .setParameter("status", ConflictItem.OPEN)
                .getSingleResult()))
                .map(row -> new ManualQueueStats((Long) row[0], (java.time.Instant) row[1]));
    }
}
