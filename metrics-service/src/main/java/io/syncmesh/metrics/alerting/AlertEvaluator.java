package io.syncmesh.metrics.alerting;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.syncmesh.metrics.alert.AlertEngine;
import io.syncmesh.metrics.alert.AlertRule;
import io.syncmesh.metrics.alert.Sample;
import io.syncmesh.metrics.config.MetricsConfig;
import io.syncmesh.metrics.intake.FieldConflictStats;
import io.syncmesh.metrics.lag.LagMonitor;
import io.syncmesh.metrics.queue.ManualQueueWatch;
import io.syncmesh.protocol.AlertEvent;

/**
 * Reads lag, evaluates every alert rule against the current signals, publishes the transitions, and publishes the
 * conflict ratios (per collection and per field), the devices reporting and retrying, and alert states as gauges. The
 * gauges hold the values the rules saw in the last evaluation, so that a scrape agrees with the active alerts. Runs
 * every {@code metrics.evaluation-interval}, one run at a time.
 */
@ApplicationScoped
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);

    @Inject
    MetricsConfig config;

    @Inject
    LagMonitor lag;

    @Inject
    ManualQueueWatch manualQueue;

    @Inject
    Signals signals;

    @Inject
    AlertPublisher publisher;

    @Inject
    FieldConflictStats fieldConflicts;

    @Inject
    MeterRegistry registry;

    Clock clock = Clock.systemUTC();

    private AlertEngine engine;
    private volatile List<AlertEvent> active = List.of();
    private MultiGauge conflictRatio;
    private MultiGauge alertState;
    private final AtomicLong devicesReporting = new AtomicLong();
    private final AtomicLong devicesRetrying = new AtomicLong();

    @PostConstruct
    void start() {
        engine = new AlertEngine(rules(config));
        conflictRatio = MultiGauge.builder("syncmesh_conflict_ratio")
                .description("Share of a collection's final receipts that met a concurrent edit (merged or manual)")
                .register(registry);
        alertState = MultiGauge.builder("syncmesh_alerts_active")
                .description("Pending and firing alerts, by name and state").register(registry);
        // No labels: a device or tenant id would make one series per device.
        Gauge.builder("syncmesh_devices_reporting_5m", devicesReporting, AtomicLong::get)
                .description("Distinct devices that sent telemetry in the last 5 minutes").register(registry);
        Gauge.builder("syncmesh_devices_retrying_5m", devicesRetrying, AtomicLong::get)
                .description("Distinct devices that reported, in the last 5 minutes, a change that needed more "
                        + "attempts than metrics.retrying-devices.attempts-above (10)")
                .register(registry);
    }

    static List<AlertRule> rules(MetricsConfig config) {
        List<AlertRule> rules = new ArrayList<>();
        config.alerts().rules().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            MetricsConfig.Rule rule = entry.getValue();
            if (!Signals.ALL.contains(rule.signal())) {
                throw new IllegalArgumentException("alert rule " + entry.getKey() + " watches unknown signal '"
                        + rule.signal() + "'; signals: " + Signals.ALL);
            }
            rules.add(new AlertRule(entry.getKey(), rule.signal(), rule.threshold(), rule.forDuration(),
                    rule.severity(), rule.summary()));
        });
        return rules;
    }

    @Scheduled(every = "${metrics.evaluation-interval:5S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evaluate() {
        Instant now = clock.instant();
        lag.refresh(now);
        manualQueue.refresh(now);
        Map<String, List<Sample>> current = signals.now();
        List<AlertEvent> transitions;
        synchronized (this) {
            try {
                transitions = engine.evaluate(current, now);
            } catch (IllegalArgumentException e) {
                // A signal the engine refuses (a bug here, not in the mesh): skip this round, keep the alerts' state.
                LOG.errorf("alert evaluation skipped: %s", e.getMessage());
                return;
            }
            active = engine.active(now);
        }
        publishGauges(current);
        fieldConflicts.refreshGauges(now);
        for (AlertEvent transition : transitions) {
            LOG.infof("alert %s %s %s (value %.3f, threshold %.3f)", transition.name(), transition.labels(),
                    transition.state(), transition.value(), transition.threshold());
        }
        publisher.publish(transitions);
    }

    /** The pending and firing alerts of the last evaluation. */
    public List<AlertEvent> active() {
        return active;
    }

    private void publishGauges(Map<String, List<Sample>> current) {
        List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        addRatios(ratios, current.get(Signals.CONFLICT_RATIO_5M), "5m");
        addRatios(ratios, current.get(Signals.CONFLICT_RATIO_1H), "1h");
        conflictRatio.register(ratios, true);
        devicesReporting.set((long) single(current, Signals.DEVICES_REPORTING_5M));
        devicesRetrying.set((long) single(current, Signals.DEVICES_RETRYING_5M));
        // Only name and state as labels: every alert of the metric must have the same label keys.
        Map<List<String>, Long> counts = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (AlertEvent alert : active) {
            counts.merge(List.of(alert.name(), alert.state()), 1L, Long::sum);
        }
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        counts.forEach((key, count) -> states.add(MultiGauge.Row.of(Tags.of("alertname", key.get(0), "state",
                key.get(1)), count)));
        alertState.register(states, true);
    }

    private static double single(Map<String, List<Sample>> current, String signal) {
        List<Sample> samples = current.get(signal);
        return samples == null || samples.isEmpty() ? 0 : samples.get(0).value();
    }

    private static void addRatios(List<MultiGauge.Row<?>> rows, List<Sample> samples, String window) {
        for (Sample sample : samples) {
            rows.add(MultiGauge.Row.of(Tags.of("collection", sample.labels().get("collection"), "window", window),
                    sample.value()));
        }
    }
}
