package io.syncmesh.gateway.receipt;

import java.util.Collection;
import java.util.LinkedHashMap;
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

    private final Map<Key, CompletableFuture<ResultEvent>> waiting = new ConcurrentHashMap<>();

    /** Registers waits for the final receipts of these change ids; call {@link #forget} when done. */
    public Map<String, CompletableFuture<ResultEvent>> expect(String tenant, Collection<String> changeIds) {
        Map<String, CompletableFuture<ResultEvent>> futures = new LinkedHashMap<>();
        for (String changeId : changeIds) {
            futures.put(changeId, waiting.computeIfAbsent(new Key(tenant, changeId), k -> new CompletableFuture<>()));
        }
        return futures;
    }

    public void forget(String tenant, Collection<String> changeIds) {
        changeIds.forEach(changeId -> waiting.remove(new Key(tenant, changeId)));
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
        CompletableFuture<ResultEvent> future = waiting.get(new Key(event.tenant(), event.receipt().changeId()));
        if (future != null) {
            future.complete(event);
        }
    }
}
