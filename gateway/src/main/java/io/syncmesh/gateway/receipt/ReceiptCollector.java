package io.syncmesh.gateway.receipt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
            return Uni.createFrom().completionStage(() -> receiptsOrTimeUp(timeout))
                    .flatMap(ignored -> completeFromStore(device))
                    .eventually(this::cancel);
        }

        /**
         * Completes once every receipt arrived or the time is up, whichever comes first, and only once, on the thread
         * of the last receipt or of the timer (a worker, never an event loop). Not Mutiny's {@code ifNoItem().after()}:
         * it arms its timer before it passes the subscription on, so a timer firing while the subscribing thread stalls
         * sends its signals through the chain before the subscription, and a flatMap after it then takes its inner
         * Uni's List for its own Void item (the ClassCastException of docs/performance.md); it also refuses a zero
         * timeout, which is what Prefer: wait=0 asks for. One future completed once keeps every signal of the chain on
         * one thread, after the subscription.
         */
        private CompletableFuture<Void> receiptsOrTimeUp(Duration timeout) {
            CompletableFuture<Void> ended = CompletableFuture
                    .allOf(futures.values().toArray(CompletableFuture[]::new));
            ScheduledFuture<?> timer = Infrastructure.getDefaultWorkerPool()
                    .schedule(() -> ended.complete(null), timeout.toMillis(), TimeUnit.MILLISECONDS);
            ended.whenComplete((done, failure) -> timer.cancel(false));
            return ended;
        }

        /** Stops waiting (also when the request failed before collecting). */
        public void cancel() {
            board.forget(tenant, futures);
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
