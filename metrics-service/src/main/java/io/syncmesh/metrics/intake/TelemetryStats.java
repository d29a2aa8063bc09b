package io.syncmesh.metrics.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.syncmesh.metrics.alert.Sample;
import io.syncmesh.metrics.config.MetricsConfig;
import io.syncmesh.metrics.window.DeviceCounts;
import io.syncmesh.metrics.window.RecentDevices;
import io.syncmesh.metrics.window.RollingCounts;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.TelemetryEvent;
import io.syncmesh.protocol.TelemetryReport;

/**
 * Device telemetry from sync.telemetry: outbox lengths, sync cycle durations and outcomes, and attempts per change, as
 * histograms (no device label: fleets are large), plus the attempts of the last 5 minutes for the retry alerts and the
 * distinct devices that reported, and that reported a change retried too often, in the last 5 minutes.
 */
@ApplicationScoped
public class TelemetryStats {

    /** Upper bounds of the attempts histogram used for the p95 signal; the last bucket is open. */
    static final int[] ATTEMPT_BOUNDS = {1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 50, 100, 1000, Integer.MAX_VALUE};
    private static final String ALL = "all";

    private final RollingCounts attempts = new RollingCounts(Duration.ofSeconds(10), ReceiptStats.ONE_HOUR,
            ATTEMPT_BOUNDS.length);

    @Inject
    MeterRegistry registry;

    @Inject
    RecordTime time;

    @Inject
    MetricsConfig config;

    Clock clock = Clock.systemUTC();

    private RecentDevices devices;

    private DistributionSummary queueLength;
    private DistributionSummary attemptsPerChange;
    private Timer cycleDuration;

    @PostConstruct
    void meters() {
        devices = new RecentDevices(ReceiptStats.FIVE_MINUTES, config.retryingDevices().maxTracked());
        queueLength = DistributionSummary.builder("syncmesh_device_queue_length")
                .description("Changes waiting in device outboxes, as reported")
                .publishPercentileHistogram().register(registry);
        attemptsPerChange = DistributionSummary.builder("syncmesh_change_attempts")
                .description("Pushes a change needed before the server accepted it, as devices report")
                .publishPercentileHistogram().register(registry);
        cycleDuration = Timer.builder("syncmesh_sync_cycle_duration")
                .description("Duration of device sync cycles, as reported").publishPercentileHistogram()
                .register(registry);
    }

    @Incoming(Channels.TELEMETRY)
    void onTelemetry(ConsumerRecord<String, String> record) {
        TelemetryEvent event;
        try {
            event = SyncJson.read(record.value(), TelemetryEvent.class);
        } catch (IllegalArgumentException e) {
            return;
        }
        TelemetryReport report = event.report();
        if (report == null) {
            return;
        }
        Instant at = time.of(record);
        // History too: after a restart the device window is whole again, like the retry windows.
        if (event.tenant() != null && event.device() != null) {
            devices.seen(event.tenant(), event.device(), at, isRetrying(report));
        }
        if (time.isHistory(record)) {
            // Re-read at start for the retry windows only: the histograms restart with the process.
            report.attempts().stream().filter(entry -> entry != null && entry.attempts() != null)
                    .forEach(entry -> recordAttempts(at, entry.attempts()));
            return;
        }
        if (report.queueLength() != null) {
            queueLength.record(report.queueLength());
        }
        for (TelemetryReport.Cycle cycle : report.cycles()) {
            if (cycle != null && cycle.durationMs() != null && cycle.outcome() != null) {
                cycleDuration.record(Duration.ofMillis(cycle.durationMs()));
                Counter.builder("syncmesh_sync_cycles_total").description("Device sync cycles, by outcome")
                        .tag("outcome", cycle.outcome()).register(registry).increment();
            }
        }
        for (TelemetryReport.Attempts entry : report.attempts()) {
            if (entry != null && entry.attempts() != null) {
                attemptsPerChange.record(entry.attempts());
                recordAttempts(at, entry.attempts());
            }
        }
    }

    private void recordAttempts(Instant at, int count) {
        attempts.add(ALL, at, bucketOf(count), 1);
    }

    private boolean isRetrying(TelemetryReport report) {
        int above = config.retryingDevices().attemptsAbove();
        return report.attempts().stream().anyMatch(entry -> entry != null && entry.attempts() != null
                && entry.attempts() > above);
    }

    /** The devices that reported in the last 5 minutes, and those that reported a change retried too often. */
    public DeviceCounts devices() {
        return devices.count(clock.instant());
    }

    /** The 95th percentile of attempts per change in the window (the upper bound of its histogram bucket). */
    public List<Sample> attemptsP95(Duration window) {
        long[] counts = attempts.sum(ALL, clock.instant(), window);
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return List.of();
        }
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen * 100 >= total * 95L) {
                return List.of(new Sample(Map.of(), ATTEMPT_BOUNDS[i]));
            }
        }
        return List.of(new Sample(Map.of(), ATTEMPT_BOUNDS[ATTEMPT_BOUNDS.length - 1]));
    }

    static int bucketOf(int value) {
        for (int i = 0; i < ATTEMPT_BOUNDS.length; i++) {
            if (value <= ATTEMPT_BOUNDS[i]) {
                return i;
            }
        }
        return ATTEMPT_BOUNDS.length - 1;
    }
}
