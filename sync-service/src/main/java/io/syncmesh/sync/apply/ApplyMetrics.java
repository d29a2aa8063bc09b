package io.syncmesh.sync.apply;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.registry.CollectionRegistry;

/**
 * Apply-path metrics: batch size and duration, receipts by status, detours by reason, deferrals. Labels stay bounded.
 */
@ApplicationScoped
public class ApplyMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Counter deferrals;
    private final CollectionRegistry collections;

    @Inject
    public ApplyMetrics(MeterRegistry registry, CollectionRegistry collections) {
        this.registry = registry;
        this.collections = collections;
        this.batchSize = DistributionSummary.builder("sync.apply.batch.size")
                .description("Changes per applied batch").baseUnit("changes").publishPercentileHistogram()
                .register(registry);
        this.batchDuration = Timer.builder("sync.apply.batch.duration")
                .description("Time to apply a batch: its transaction, to the commit")
                .publishPercentileHistogram().register(registry);
        this.deferrals = Counter.builder("sync.deferrals")
                .description("Changes that waited in their entity's queue (behind the fence or for a dependency)")
                .register(registry);
    }

    /** A change rejected for its own data after the planner let it through (PostgreSQL refused it). */
    public void recordRejection(String collection, String code) {
        rejections(collection, code).increment();
    }

    private Counter rejections(String collection, String code) {
        return Counter.builder("sync.rejections").description("Changes rejected, by collection and code")
                .tag("collection", collections.labelOf(collection)).tag("code", code).register(registry);
    }

    void recordBatch(int changes, long startedNanos, BatchPlan plan) {
        batchSize.record(changes);
        deferrals.increment(plan.queueAdds().size());
        batchDuration.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        // One counter update per status and reason, not per change: a batch holds up to a thousand receipts.
        Map<ReceiptStatus, Long> byStatus = plan.results().stream()
                .collect(Collectors.groupingBy(result -> result.receipt().status(), Collectors.counting()));
        byStatus.forEach((status, count) -> Counter.builder("sync.receipts").description("Receipts sent, by status")
                .tag("status", status.wire()).register(registry).increment(count));
        Map<String, Long> byReason = plan.detours().stream()
                .collect(Collectors.groupingBy(BatchPlan.Detour::reason, Collectors.counting()));
        byReason.forEach((reason, count) -> Counter.builder("sync.detours")
                .description("Changes sent to the conflict path, by reason")
                .tag("reason", reason).register(registry).increment(count));
    }
}
