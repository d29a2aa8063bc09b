package io.syncmesh.metrics.alerting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.syncmesh.metrics.alert.Sample;
import io.syncmesh.metrics.config.MetricsConfig;
import io.syncmesh.metrics.intake.DeadLetterStats;
import io.syncmesh.metrics.intake.ReceiptStats;
import io.syncmesh.metrics.intake.TelemetryStats;
import io.syncmesh.metrics.lag.LagMonitor;
import io.syncmesh.metrics.queue.ManualQueueWatch;
import io.syncmesh.metrics.window.DeviceCounts;

/** The signals alert rules watch, by name, as they are now. The README lists them. */
@ApplicationScoped
public class Signals {

    public static final String CONSUMER_LAG = "consumer-lag";
    public static final String CONSUMER_LAG_GROWTH = "consumer-lag-growth";
    public static final String DEAD_LETTERS_5M = "dead-letters-5m";
    public static final String DEVICES_REPORTING_5M = "devices-reporting-5m";
    public static final String DEVICES_RETRYING_5M = "devices-retrying-5m";
    public static final String DEVICES_RETRYING_SHARE_5M = "devices-retrying-share-5m";
    public static final String CHANGE_ATTEMPTS_P95_5M = "change-attempts-p95-5m";
    public static final String CONFLICT_RATIO_5M = "conflict-ratio-5m";
    public static final String CONFLICT_RATIO_1H = "conflict-ratio-1h";
    public static final String MANUAL_QUEUE_OLDEST_AGE = "manual-queue-oldest-age-seconds";

    /** Every signal a rule may name; a rule naming another stops the service at start. */
    public static final List<String> ALL = List.of(CONSUMER_LAG, CONSUMER_LAG_GROWTH, DEAD_LETTERS_5M,
            DEVICES_REPORTING_5M, DEVICES_RETRYING_5M, DEVICES_RETRYING_SHARE_5M, CHANGE_ATTEMPTS_P95_5M,
            CONFLICT_RATIO_5M, CONFLICT_RATIO_1H, MANUAL_QUEUE_OLDEST_AGE);

    @Inject
    LagMonitor lag;

    @Inject
    ReceiptStats receipts;

    @Inject
    TelemetryStats telemetry;

    @Inject
    DeadLetterStats deadLetters;

    @Inject
    ManualQueueWatch manualQueue;

    @Inject
    MetricsConfig config;

    public Map<String, List<Sample>> now() {
        Map<String, List<Sample>> signals = new LinkedHashMap<>();
        signals.put(CONSUMER_LAG, lag.totalLag());
        signals.put(CONSUMER_LAG_GROWTH, lag.lagGrowth());
        signals.put(DEAD_LETTERS_5M, deadLetters.count(ReceiptStats.FIVE_MINUTES));
        signals.putAll(devices(telemetry.devices(), config.retryingDevices().minDevices()));
        signals.put(CHANGE_ATTEMPTS_P95_5M, telemetry.attemptsP95(ReceiptStats.FIVE_MINUTES));
        signals.put(CONFLICT_RATIO_5M, receipts.conflictRatios(ReceiptStats.FIVE_MINUTES,
                config.conflictRatioMinChanges()));
        signals.put(CONFLICT_RATIO_1H, receipts.conflictRatios(ReceiptStats.ONE_HOUR,
                config.conflictRatioMinChanges()));
        signals.put(MANUAL_QUEUE_OLDEST_AGE, manualQueue.oldestAge());
        return signals;
    }

    /**
     * The device signals of one count, so that they agree with each other. There is no signal of one device's worst
     * change: a rule on it would page for a single stuck device. Rules have one signal and one threshold, so the
     * condition "a share of the fleet, and at least {@code minDevices} devices" is one derived signal: the share, 0
     * while fewer than {@code minDevices} devices are retrying.
     */
    static Map<String, List<Sample>> devices(DeviceCounts counts, int minDevices) {
        return Map.of(DEVICES_REPORTING_5M, List.of(new Sample(Map.of(), counts.reporting())),
                DEVICES_RETRYING_5M, List.of(new Sample(Map.of(), counts.retrying())),
                DEVICES_RETRYING_SHARE_5M, List.of(new Sample(Map.of(), counts.retryingShare(minDevices))));
    }
}
