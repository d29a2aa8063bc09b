package io.syncmesh.gateway.receipt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;
import io.syncmesh.support.messaging.MeshHeaders;

/**
 * Where requests wait for final receipts. Every gateway replica reads all of sync.results (a consumer group of its own)
 * and completes the waits registered here. A request registers before it produces its changes, so a receipt cannot
 * arrive before anyone waits for it.
 */
@ApplicationScoped
public class ReceiptBoard {

    private static final Logger LOG = Logger.getLogger(ReceiptBoard.class);

    /** A change id within its tenant. */
    public record Key(String tenant, String changeId) {
    }

    /**
     * The waits for each change id, one future per waiting request: a device that sends a push again while its first
     * request still waits (or a PATCH retried with its Idempotency-Key) waits for the same change id twice, and each
     * request ends its own wait. The lists are never changed, only replaced.
     */
    private final Map<Key, List<CompletableFuture<ResultEvent>>> waiting = new ConcurrentHashMap<>();

    /** Registers one request's waits for the final receipts of these change ids; {@link #forget} them when done. */
    public Map<String, CompletableFuture<ResultEvent>> expect(String tenant, Collection<String> changeIds) {
        Map<String, CompletableFuture<ResultEvent>> futures = new LinkedHashMap<>();
        for (String changeId : changeIds) {
            CompletableFuture<ResultEvent> future = new CompletableFuture<>();
            if (futures.putIfAbsent(changeId, future) == null) {
                waiting.merge(new Key(tenant, changeId), List.of(future), ReceiptBoard::joined);
            }
        }
        return futures;
    }

    /** Ends these waits of one request, and only these: another request may still wait for the same change ids. */
    public void forget(String tenant, Map<String, CompletableFuture<ResultEvent>> futures) {
        futures.forEach((changeId, future) -> waiting.computeIfPresent(new Key(tenant, changeId),
                (key, registered) -> without(registered, future)));
    }

    private static List<CompletableFuture<ResultEvent>> joined(List<CompletableFuture<ResultEvent>> registered,
            List<CompletableFuture<ResultEvent>> added) {
        List<CompletableFuture<ResultEvent>> all = new ArrayList<>(registered.size() + added.size());
        all.addAll(registered);
        all.addAll(added);
        return List.copyOf(all);
    }

    /** The registered futures without this one, or null (no mapping) when none is left. */
    private static List<CompletableFuture<ResultEvent>> without(List<CompletableFuture<ResultEvent>> registered,
            CompletableFuture<ResultEvent> future) {
        List<CompletableFuture<ResultEvent>> rest = registered.stream().filter(f -> f != future).toList();
        return rest.isEmpty() ? null : rest;
    }

    /**
     * Completes the waits that these receipts answer. Every replica reads every receipt, and most have nobody waiting
     * here (pushes without {@code Prefer: wait}, other replicas' requests): the tenant and change id headers (set by
     * the sync-service) tell that without parsing the JSON. Failure strategy: ignore (a receipt this replica cannot
     * read is read again from the sync-service).
     */
    @Incoming(Channels.RESULTS)
    public void onReceipts(ConsumerRecords<String, String> records) {
        if (waiting.isEmpty()) {
            return;
        }
        for (ConsumerRecord<String, String> record : records) {
            String tenant = MeshHeaders.text(record.headers(), Topics.HEADER_TENANT);
            String changeId = MeshHeaders.text(record.headers(), Topics.HEADER_CHANGE_ID);
            if (tenant == null || changeId == null || waiting.containsKey(new Key(tenant, changeId))) {
                onReceipt(record.value());
            }
        }
    }

    private void onReceipt(String json) {
        ResultEvent event;
        try {
            event = SyncJson.mapper().readValue(json, ResultEvent.class);
        } catch (Exception e) {
            LOG.warnf("ignoring an unreadable record on sync.results (%s)", e.getClass().getSimpleName());
            return;
        }
        if (event.receipt() == null || event.tenant() == null || !event.receipt().outcome().isFinal()) {
            return;
        }
        List<CompletableFuture<ResultEvent>> futures = waiting.get(new Key(event.tenant(), event.receipt().changeId()));
        if (futures != null) {
            futures.forEach(future -> future.complete(event));
        }
    }
}
