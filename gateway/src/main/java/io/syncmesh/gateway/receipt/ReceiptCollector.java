package io.syncmesh.gateway.receipt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.read.SyncServiceClient;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ResultEvent;

/**
 * Collects the final receipts of submitted changes within a wait: from sync.results as they arrive, and for those still
 * missing at the end, from the sync-service's stored outcomes (a receipt sent before this replica listened). What is
 * still not final is answered {@code pending}.
 */
@ApplicationScoped
public class ReceiptCollector {

    @Inject
    ReceiptBoard board;

    @Inject
    @RestClient
    SyncServiceClient syncService;

    /** A wait in progress: register it before producing the changes. */
    public final class Wait {

        private final String tenant;
        private final List<Change> changes;
        private final Map<String, CompletableFuture<ResultEvent>> futures;

        private Wait(String tenant, List<Change> changes) {
            this.tenant = tenant;
            this.changes = changes;
            this.futures = board.expect(tenant, changes.stream().map(Change::changeId).toList());
        }

        /** The receipt events in the order of the changes, waiting at most {@code timeout} in all. */
        public Uni<List<ResultEvent>> collect(Duration timeout, String device) {
            CompletableFuture<Void> all = CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new));
            return Uni.createFrom().completionStage(all)
                    .ifNoItem().after(timeout).recoverWithItem((Void) null)
                    .flatMap(ignored -> completeFromStore(device))
                    .eventually(this::cancel);
        }

        /** Stops waiting (also when the request failed before collecting). */
        public void cancel() {
            board.forget(tenant, futures.keySet());
        }

        private Uni<List<ResultEvent>> completeFromStore(String device) {
            List<String> missing = futures.entrySet().stream().filter(entry -> !entry.getValue().isDone())
                    .map(Map.Entry::getKey).toList();
            Uni<Map<String, Receipt>> stored = missing.isEmpty()
                    ? Uni.createFrom().item(Map.of())
                    : syncService.receipts(tenant, new SyncServiceClient.ReceiptQuery(missing))
                            .map(found -> {
                                Map<String, Receipt> byId = new HashMap<>();
                                found.receipts().forEach(receipt -> byId.put(receipt.changeId(), receipt));
                                return byId;
                            })
                            // The sync-service being unreachable must not fail a push whose changes are durable.
                            .onFailure().recoverWithItem(Map.of());
            return stored.map(byId -> {
                List<ResultEvent> events = new ArrayList<>(changes.size());
                for (Change change : changes) {
                    CompletableFuture<ResultEvent> future = futures.get(change.changeId());
                    if (future.isDone()) {
                        events.add(future.join());
                        continue;
                    }
                    Receipt receipt = byId.get(change.changeId());
                    if (receipt == null || !receipt.outcome().isFinal()) {
                        receipt = Receipt.pending(change.changeId(), change.collection(), change.entityId());
                    }
                    events.add(ResultEvent.of(tenant, device, receipt, null));
                }
                return events;
            });
        }
    }

    /** Starts waiting for the receipts of these changes. */
    public Wait expect(String tenant, List<Change> changes) {
        return new Wait(tenant, changes);
    }
}
