package io.syncmesh.metrics.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.syncmesh.metrics.window.RollingCounts;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Origin;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Verdict;
import io.syncmesh.protocol.registry.CollectionRegistry;
import io.syncmesh.protocol.registry.FieldPolicy;

/**
 * Conflicts per field, from sync.changes: a device's change counts once for every field it writes, and an answer of the
 * conflict-service (origin merge, verdict merged or manual) counts once for every field it names as changed by both
 * sides, by how it was resolved (the field's policy when merged, {@code manual} when a person decides). The rate of a
 * field is its conflicts over the changes that wrote it, over 5 minutes and 1 hour.
 */
@ApplicationScoped
public class FieldConflictStats {

    /** The resolution label of a field a person decides. */
    static final String MANUAL = "manual";
    private static final String SEPARATOR = "\u0000";
    private static final List<Map.Entry<String, Duration>> WINDOWS = List.of(Map.entry("5m", ReceiptStats.FIVE_MINUTES),
            Map.entry("1h", ReceiptStats.ONE_HOUR));

    private final RollingCounts writes = new RollingCounts(Duration.ofSeconds(10), ReceiptStats.ONE_HOUR, 1);
    private final RollingCounts conflicts = new RollingCounts(Duration.ofSeconds(10), ReceiptStats.ONE_HOUR, 1);

    @Inject
    MeterRegistry registry;

    @Inject
    CollectionRegistry collections;

    @Inject
    RecordTime time;

    private MultiGauge ratio;
    private MultiGauge conflictCount;

    @PostConstruct
    void meters() {
        ratio = MultiGauge.builder("syncmesh_field_conflict_ratio")
                .description("Conflicts of a field over the device changes that wrote it, per window")
                .register(registry);
        conflictCount = MultiGauge.builder("syncmesh_field_conflicts_in_window")
                .description("Conflicts of a field per window, by how they were resolved (policy, or manual)")
                .register(registry);
    }

    @Incoming(Channels.CHANGES)
    void onChange(ConsumerRecord<String, String> record) {
        ChangeEnvelope envelope;
        try {
            envelope = SyncJson.read(record.value(), ChangeEnvelope.class);
        } catch (IllegalArgumentException e) {
            return; // the sync-service dead-letters it; nothing to count here
        }
        if (envelope.change() == null) {
            return;
        }
        String collection = collections.labelOf(envelope.change().collection());
        Instant at = time.of(record);
        boolean live = !time.isHistory(record);
        if (envelope.origin() == Origin.CLIENT && envelope.change().op() != Op.DELETE) {
            for (String field : envelope.change().fieldsOrEmpty().keySet()) {
                String label = collections.fieldLabelOf(collection, field);
                writes.add(collection + SEPARATOR + label, at, 0, 1);
                if (live) {
                    Counter.builder("syncmesh_field_writes_total")
                            .description("Fields written by device changes, by collection and field")
                            .tag("collection", collection).tag("field", label).register(registry).increment();
                }
            }
        } else if (envelope.origin() == Origin.MERGE && envelope.conflictFields() != null
                && (envelope.verdict() == Verdict.MERGED || envelope.verdict() == Verdict.MANUAL)) {
            envelope.conflictFields().forEach((field, policy) -> {
                String label = collections.fieldLabelOf(collection, field);
                String resolution = envelope.verdict() == Verdict.MANUAL ? MANUAL : resolutionLabel(policy);
                conflicts.add(collection + SEPARATOR + label + SEPARATOR + resolution, at, 0, 1);
                if (live) {
                    Counter.builder("syncmesh_field_conflicts_total")
                            .description("Fields both sides of a conflict changed, by collection, field and how "
                                    + "they were resolved (policy, or manual)")
                            .tag("collection", collection).tag("field", label).tag("resolution", resolution)
                            .register(registry).increment();
                }
            });
        }
    }

    /** Publishes the windowed rates and counts as of {@code now}. */
    public void refreshGauges(Instant now) {
        List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        for (Map.Entry<String, Duration> window : WINDOWS) {
            for (FieldRate rate : rates(now, window.getValue())) {
                ratios.add(MultiGauge.Row.of(Tags.of("collection", rate.collection(), "field", rate.field(), "window",
                        window.getKey()), rate.ratio()));
                rate.byResolution().forEach((resolution, count) -> counts.add(MultiGauge.Row.of(Tags.of("collection",
                        rate.collection(), "field", rate.field(), "resolution", resolution, "window",
                        window.getKey()), count)));
            }
        }
        ratio.register(ratios, true);
        conflictCount.register(counts, true);
    }

    /** A field's conflicts over the changes that wrote it in a window, and how its conflicts were resolved. */
    public record FieldRate(String collection, String field, long written, Map<String, Long> byResolution) {

        public double ratio() {
            long conflicted = byResolution.values().stream().mapToLong(Long::longValue).sum();
            return written == 0 ? 0 : (double) conflicted / written;
        }
    }

    /** The rate of every field written or conflicted in the window. */
    public List<FieldRate> rates(Instant now, Duration window) {
        Map<String, FieldRate> byField = new TreeMap<>();
        for (String key : writes.keys()) {
            long written = writes.sum(key, now, window)[0];
            if (written > 0) {
                String[] parts = key.split(SEPARATOR);
                byField.put(key, new FieldRate(parts[0], parts[1], written, new TreeMap<>()));
            }
        }
        for (String key : conflicts.keys()) {
            long count = conflicts.sum(key, now, window)[0];
            if (count > 0) {
                String[] parts = key.split(SEPARATOR);
                FieldRate rate = byField.computeIfAbsent(parts[0] + SEPARATOR + parts[1],
                        k -> new FieldRate(parts[0], parts[1], 0, new TreeMap<>()));
                rate.byResolution().put(parts[2], count);
            }
        }
        return List.copyOf(byField.values());
    }

    // The policy comes from the conflict-service; anything else is "other", so that labels stay bounded.
    private static String resolutionLabel(String policy) {
        return FieldPolicy.fromWire(policy) == null ? CollectionRegistry.OTHER_LABEL : policy;
    }
}
