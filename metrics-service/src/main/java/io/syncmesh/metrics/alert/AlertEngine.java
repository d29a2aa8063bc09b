package io.syncmesh.metrics.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.syncmesh.protocol.AlertEvent;

/**
 * Evaluates alert rules against sampled signals and moves each (rule, label set) through pending, firing and resolved.
 *
 * <p>
 * Not thread-safe: the caller serializes calls (for example one scheduled job). Its only state is the alerts it tracks;
 * time comes in as {@code now} on every call, which should not go backwards (if it does, pending alerts simply wait
 * until it catches up).
 */
public final class AlertEngine {

    private final List<AlertRule> rules;
    // Index i holds the pending and firing alerts of rules.get(i), keyed by label set in report order.
    private final List<SortedMap<SortedMap<String, String>, TrackedAlert>> tracked;

    public AlertEngine(List<AlertRule> rules) {
        if (rules == null) {
            throw new IllegalArgumentException("rules must not be null");
        }
        Set<String> seen = new HashSet<>();
        for (AlertRule rule : rules) {
            // Checked here: List.of(...).contains(null) throws instead of answering.
            if (rule == null) {
                throw new IllegalArgumentException("rules must not hold null");
            }
            // Same name with another severity is the usual warning/critical pair; twice the same pair would give
            // two alerts that Alertmanager (and readers of sync.alerts) cannot tell apart.
            if (!seen.add(rule.name() + "/" + rule.severity())) {
                throw new IllegalArgumentException(
                        "two rules named " + rule.name() + " with severity " + rule.severity());
            }
        }
        this.rules = List.copyOf(rules);
        this.tracked = new ArrayList<>();
        for (int i = 0; i < this.rules.size(); i++) {
            tracked.add(new TreeMap<>(LabelSetOrder.INSTANCE));
        }
    }

    /** The rules, in the order their alerts are reported. */
    public List<AlertRule> rules() {
        return rules;
    }

    /**
     * Evaluates every rule against the signals observed at {@code now} and returns the transitions, ordered by rule,
     * then by label set (string form), then as they happened (pending before firing). A signal missing from the map
     * means no data: its firing alerts resolve and its pending ones are dropped.
     *
     * @throws IllegalArgumentException
     *             if a signal a rule reads reports the same label set twice, or holds null; the engine is then left
     *             unchanged
     */
    public List<AlertEvent> evaluate(Map<String, List<Sample>> signals, Instant now) {
        if (signals == null || now == null) {
            throw new IllegalArgumentException("signals and now must not be null");
        }
        // Index every signal first, so that bad input throws before any alert has moved.
        Map<String, SortedMap<SortedMap<String, String>, Double>> bySignal = new HashMap<>();
        for (AlertRule rule : rules) {
            if (!bySignal.containsKey(rule.signal())) {
                bySignal.put(rule.signal(), index(rule.signal(), signals.get(rule.signal())));
            }
        }
        List<AlertEvent> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            AlertRule rule = rules.get(i);
            evaluate(rule, tracked.get(i), bySignal.get(rule.signal()), now, out);
        }
        return List.copyOf(out);
    }

    /** The alerts now pending or firing, as events at {@code now} with their last value, in evaluation order. */
    public List<AlertEvent> active(Instant now) {
        if (now == null) {
            throw new IllegalArgumentException("now must not be null");
        }
        List<AlertEvent> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            AlertRule rule = rules.get(i);
            tracked.get(i).forEach((labels, alert) -> out.add(event(rule, labels,
                    alert.firing() ? AlertEvent.FIRING : AlertEvent.PENDING, alert, alert.lastValue(), now)));
        }
        return List.copyOf(out);
    }

    private static void evaluate(AlertRule rule, SortedMap<SortedMap<String, String>, TrackedAlert> alerts,
            SortedMap<SortedMap<String, String>, Double> values, Instant now, List<AlertEvent> out) {
        SortedSet<SortedMap<String, String>> labelSets = new TreeSet<>(LabelSetOrder.INSTANCE);
        labelSets.addAll(alerts.keySet());
        if (values != null) {
            labelSets.addAll(values.keySet());
        }
        for (SortedMap<String, String> labels : labelSets) {
            Double value = values == null ? null : values.get(labels);
            boolean above = value != null && rule.isActive(value);
            TrackedAlert alert = alerts.get(labels);
            if (!above) {
                if (alert != null) {
                    alerts.remove(labels);
                    // A pending alert that never fired is dropped silently, as Prometheus does.
                    if (alert.firing()) {
                        double last = value != null ? value : alert.lastValue();
                        out.add(event(rule, labels, AlertEvent.RESOLVED, alert, last, now));
                    }
                }
                continue;
            }
            if (alert == null) {
                alert = TrackedAlert.pending(now, value);
                out.add(event(rule, labels, AlertEvent.PENDING, alert, value, now));
            } else {
                alert = alert.seen(value);
            }
            // Checked right after going pending too, so that a rule without a duration fires in the same evaluation.
            if (!alert.firing() && alert.hasLasted(rule.forDuration(), now)) {
                alert = alert.fire();
                out.add(event(rule, labels, AlertEvent.FIRING, alert, value, now));
            }
            alerts.put(labels, alert);
        }
    }

    private static SortedMap<SortedMap<String, String>, Double> index(String signal, List<Sample> samples) {
        if (samples == null) {
            return null;
        }
        SortedMap<SortedMap<String, String>, Double> values = new TreeMap<>(LabelSetOrder.INSTANCE);
        for (Sample sample : samples) {
            if (sample == null) {
                throw new IllegalArgumentException("signal " + signal + " holds a null sample");
            }
            // Sample keeps its labels as a sorted map; the cast avoids copying every label set again.
            SortedMap<String, String> labels = (SortedMap<String, String>) sample.labels();
            if (values.put(labels, sample.value()) != null) {
                // Which of the two values counts would be a guess; Prometheus refuses such a vector too.
                throw new IllegalArgumentException("signal " + signal + " reports label set " + labels + " twice");
            }
        }
        return values;
    }

    private static AlertEvent event(AlertRule rule, SortedMap<String, String> labels, String state, TrackedAlert alert,
            double value, Instant now) {
        return new AlertEvent(AlertEvent.TYPE, AlertEvent.SCHEMA_VERSION, rule.name(), labels, state, rule.severity(),
                value, rule.threshold(), rule.summary(), alert.activeSince(), now);
    }
}
