package io.syncmesh.metrics.alert;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/** A threshold on a signal: active for a label set while its value is strictly above the threshold. */
public record AlertRule(String name, String signal, double threshold, Duration forDuration, String severity,
        String summary) {

    public static final String INFO = "info";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    // The name is the Kafka key of sync.alerts and goes unquoted into Alertmanager's groupKey: keep it plain.
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Set<String> SEVERITIES = Set.of(INFO, WARNING, CRITICAL);

    public AlertRule {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "rule name must match [a-z][a-z0-9-]{0,62} (lower case, digits, dashes), was " + quoted(name));
        }
        if (signal == null || signal.isBlank()) {
            throw new IllegalArgumentException("rule " + name + ": signal must not be blank");
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("rule " + name + ": threshold must be finite, was " + threshold);
        }
        if (forDuration == null || forDuration.isNegative()) {
            throw new IllegalArgumentException(
                    "rule " + name + ": forDuration must be zero or positive, was " + forDuration);
        }
        if (severity == null || !SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException(
                    "rule " + name + ": severity must be info, warning or critical, was " + quoted(severity));
        }
        if (summary == null) {
            throw new IllegalArgumentException("rule " + name + ": summary must not be null");
        }
    }

    /** Whether a value makes this rule active: strictly above, so a value at the threshold is still fine. */
    public boolean isActive(double value) {
        return value > threshold;
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
