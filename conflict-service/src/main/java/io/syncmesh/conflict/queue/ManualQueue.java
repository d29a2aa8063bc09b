package io.syncmesh.conflict.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictItem;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.ConflictPage;
import io.syncmesh.protocol.ConflictResolution;
import io.syncmesh.protocol.Origin;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.TraceContext;
import io.syncmesh.support.logging.LogContext;
import io.syncmesh.support.web.ProblemException;

/**
 * The manual queue of one tenant: list, read, resolve and dismiss items. Resolving stores the decision and its change
 * in one transaction, then sends the change; a change Kafka did not acknowledge is sent again by the
 * {@link ResolutionOutbox}.
 */
@ApplicationScoped
public class ManualQueue {

    private static final Logger LOG = Logger.getLogger(ManualQueue.class);

    /** Filters of a listing; null means any. */
    public record Filter(String collection, String status, Duration olderThan) {
    }

    @Inject
    ChangeSender sender;

    Clock clock = Clock.systemUTC();

    public Uni<ConflictPage> list(String tenant, Filter filter, QueueCursor after, int limit) {
        StringBuilder query = new StringBuilder("tenant = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant);
        if (filter.collection() != null) {
            query.append(" and collection = :collection");
            params.put("collection", filter.collection());
        }
        if (filter.status() != null) {
            query.append(" and status = :status");
            params.put("status", filter.status());
        }
        if (filter.olderThan() != null) {
            query.append(" and createdAt <= :createdBefore");
            params.put("createdBefore", clock.instant().minus(filter.olderThan()));
        }
        if (after != null) {
            query.append(" and (createdAt > :afterTime or (createdAt = :afterTime and id > :afterId))");
            params.put("afterTime", after.createdAt());
            params.put("afterId", after.id());
        }
        return Panache.withSession(() -> ManualItem.<ManualItem>find(query.toString(),
                Sort.ascending("createdAt", "id"), params).page(0, limit + 1).list())
                .map(items -> page(items, limit));
    }

    private static ConflictPage page(List<ManualItem> items, int limit) {
        boolean more = items.size() > limit;
        List<ManualItem> shown = more ? items.subList(0, limit) : items;
        String next = more ? QueueCursor.after(shown.get(shown.size() - 1)).encode() : null;
        return new ConflictPage(shown.stream().map(ManualItem::view).toList(), next);
    }

    public Uni<ConflictItem> get(String tenant, String id) {
        return Panache.withSession(() -> ManualItem.<ManualItem>findById(id))
                .map(item -> visible(tenant, item).view());
    }

    public Uni<ConflictItem> resolve(String tenant, String id, ConflictResolution decision, String by) {
        return Panache.withTransaction(() -> lockOpen(tenant, id).map(item -> {
            ResolutionBuilder.Built built = ResolutionBuilder.build(item.view(), decision);
            Instant now = clock.instant();
            ChangeEnvelope change = new ChangeEnvelope(ChangeEnvelope.TYPE, ChangeEnvelope.SCHEMA_VERSION,
                    item.tenant, item.device, now, built.change(), Origin.RESOLUTION, 0, ConflictMode.MERGE, null,
                    item.id, null, null);
            item.resolve(by, now, built.chosen(), change);
            return item;
        })).call(this::send).map(ManualItem::view);
    }

    public Uni<ConflictItem> dismiss(String tenant, String id, String by) {
        return Panache.withTransaction(() -> lockOpen(tenant, id).invoke(item -> item.dismiss(by, clock.instant())))
                .invoke(item -> {
                    try (LogContext ignored = itemContext(item).changeId(item.changeId)) {
                        LOG.infof("conflict item %s dismissed", item.id);
                    }
                })
                .map(ManualItem::view);
    }

    /**
     * Sends a stored resolution and marks it sent. A failure is only logged: the outbox sends it again, and its change
     * id makes a second copy a duplicate.
     */
    Uni<Void> send(ManualItem item) {
        if (item.resolutionUnsent == null) {
            return Uni.createFrom().voidItem();
        }
        ChangeEnvelope change = SyncJson.read(item.resolutionUnsent, ChangeEnvelope.class);
        // A resolution starts a trace of its own; its log lines name it.
        String traceparent = TraceContext.continueOrStart(null);
        return sender.send(change, traceparent)
                .chain(() -> Panache.withTransaction(() -> ManualItem.update(
                        "resolutionUnsent = null where id = ?1", item.id)))
                .invoke(() -> {
                    try (LogContext ignored = itemContext(item).changeId(item.resolutionChangeId).trace(traceparent)) {
                        LOG.infof("conflict item %s resolved by change %s", item.id, item.resolutionChangeId);
                    }
                })
                .onFailure().invoke(failure -> {
                    try (LogContext ignored = itemContext(item).changeId(item.resolutionChangeId).trace(traceparent)) {
                        LOG.warnf("resolution of conflict item %s not sent yet (%s)", item.id,
                                failure.getClass().getSimpleName());
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The tenant and entity of an item, for its log lines (the change id depends on the line). */
    private static LogContext itemContext(ManualItem item) {
        return LogContext.open().tenant(item.tenant).entity(item.collection, item.entityId);
    }

    private static Uni<ManualItem> lockOpen(String tenant, String id) {
        return ManualItem.<ManualItem>findById(id, LockModeType.PESSIMISTIC_WRITE).map(item -> {
            ManualItem found = visible(tenant, item);
            if (!found.isOpen()) {
                throw new ProblemException(409, ProblemTypes.CONFLICT_CLOSED, "Conflict already decided",
                        "the conflict item is " + found.status + "; it can no longer be resolved or dismissed");
            }
            return found;
        });
    }

    /** The item if it belongs to the tenant; another tenant's item is as absent as a missing one. */
    private static ManualItem visible(String tenant, ManualItem item) {
        if (item == null || !item.tenant.equals(tenant)) {
            throw new ProblemException(404, ProblemTypes.NOT_FOUND, "Conflict not found",
                    "no conflict item with this id");
        }
        return item;
    }
}
