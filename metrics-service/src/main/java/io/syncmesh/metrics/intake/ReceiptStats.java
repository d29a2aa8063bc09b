package io.syncmesh.metrics.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncmesh.metrics.alert.Sample;
import io.syncmesh.metrics.window.RollingCounts;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.registry.CollectionRegistry;

/**
 * Final receipts from sync.results, by collection: counted by status, and the share of changes that met a concurrent
 * edit (merged, or queued for a person) over 5 minutes and 1 hour.
 */
@ApplicationScoped
public class ReceiptStats {

    static final int FINAL = 0;
    static final int CONFLICTED = 1;
    public static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    public static final Duration ONE_HOUR = Duration.ofHours(1);

    private final RollingCounts counts = new RollingCounts(Duration.ofSeconds(10), ONE_HOUR, 2);

    @Inject
    MeterRegistry registry;

    @Inject
    CollectionRegistry collections;

    @Inject
    RecordTime time;

    Clock clock = Clock.systemUTC();

    @Incoming(Channels.RESULTS)
    void onReceipt(ConsumerRecord<String, String> record) {
        ResultEvent event;
        try {
            event = SyncJson.read(record.value(), ResultEvent.class);
        } catch (IllegalArgumentException e) {
            return; // not a receipt: nothing to count
        }
        if (event.receipt() == null || event.receipt().status() == null || event.receipt().collection() == null) {
            return;
        }
        ReceiptStatus status = event.receipt().status();
        // Each change ends in exactly one final receipt; duplicates and pending ones would count it twice.
        if (!status.isFinal() || status == ReceiptStatus.DUPLICATE) {
            return;
        }
        String collection = collections.labelOf(event.receipt().collection());
        if (!time.isHistory(record)) {
            Counter.builder("syncmesh_receipts_total").description("Final receipts, by collection and status")
                    .tag("collection", collection).tag("status", status.wire()).register(registry).increment();
        }
        Instant at = time.of(record);
        counts.add(collection, at, FINAL, 1);
        if (status == ReceiptStatus.MERGED || status == ReceiptStatus.CONFLICT) {
            counts.add(collection, at, CONFLICTED, 1);
        }
    }

    /** The conflict ratio per collection over the window, for collections with at least {@code minChanges}. */
    public List<Sample> conflictRatios(Duration window, int minChanges) {
        List<Sample> samples = new ArrayList<>();
        for (String collection : counts.keys()) {
            long[] sums = counts.sum(collection, clock.instant(), window);
            if (sums[FINAL] >= Math.max(1, minChanges)) {
                samples.add(new Sample(Map.of("collection", collection), (double) sums[CONFLICTED] / sums[FINAL]));
            }
        }
        return samples;
    }
}
