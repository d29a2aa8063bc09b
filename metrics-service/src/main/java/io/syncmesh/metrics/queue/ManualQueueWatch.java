package io.syncmesh.metrics.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncmesh.metrics.alert.Sample;
import io.syncmesh.protocol.ManualQueueStats;

/**
 * The manual conflict queue's size and the age of its oldest open item, read from the conflict-service at each
 * evaluation and published as {@code syncmesh_manual_queue_open_items} and
 * {@code syncmesh_manual_queue_oldest_age_seconds}.
 */
@ApplicationScoped
public class ManualQueueWatch {

    private static final Logger LOG = Logger.getLogger(ManualQueueWatch.class);

    @Inject
    @RestClient
    ConflictServiceClient conflictService;

    @Inject
    MeterRegistry registry;

    private final AtomicReference<ManualQueueStats> last = new AtomicReference<>();
    private volatile Instant readAt = Instant.EPOCH;

    @PostConstruct
    void meters() {
        Gauge.builder("syncmesh_manual_queue_open_items", () -> {
            ManualQueueStats stats = last.get();
            return stats == null ? Double.NaN : stats.openItems();
        }).description("Conflict items waiting for a person").register(registry);
        Gauge.builder("syncmesh_manual_queue_oldest_age_seconds", () -> oldestAge(readAt))
                .description("How long the oldest open conflict item has waited").register(registry);
    }

    /** Reads the queue now (blocking); on failure the figures are unknown until the next read succeeds. */
    public void refresh(Instant now) {
        try {
            last.set(conflictService.stats());
        } catch (RuntimeException e) {
            last.set(null);
            LOG.warnf("cannot read the manual queue from the conflict-service (%s)", e.getClass().getSimpleName());
        }
        readAt = now;
    }

    /** The oldest open item's age, as a signal (no sample while the queue is unknown). */
    public List<Sample> oldestAge() {
        double age = oldestAge(readAt);
        return Double.isNaN(age) ? List.of() : List.of(new Sample(Map.of(), age));
    }

    private double oldestAge(Instant at) {
        ManualQueueStats stats = last.get();
        if (stats == null) {
            return Double.NaN;
        }
        return stats.oldestOpenCreatedAt() == null
                ? 0
                : Math.max(0, Duration.between(stats.oldestOpenCreatedAt(), at).toMillis() / 1000.0);
    }
}
