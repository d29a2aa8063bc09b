package io.syncmesh.protocol;

import java.util.ArrayList;
import java.util.List;

/** Checks a device's telemetry report; details name the rule, never a value. */
public final class TelemetryValidator {

    public static final String INVALID_QUEUE_LENGTH = "invalid-queue-length";
    public static final String TOO_MANY_ENTRIES = "too-many-entries";
    public static final String INVALID_CYCLE = "invalid-cycle";
    public static final String INVALID_ATTEMPTS = "invalid-attempts";

    /** A sync cycle longer than a day is a device clock or bug, not a cycle. */
    public static final long MAX_CYCLE_MS = 86_400_000L;

    private TelemetryValidator() {
    }

    /** The rules the report breaks; empty when it is valid. */
    public static List<Violation> validate(TelemetryReport report) {
        List<Violation> violations = new ArrayList<>();
        if (report == null) {
            violations.add(new Violation(INVALID_QUEUE_LENGTH, "the body must be a telemetry report object"));
            return violations;
        }
        if (report.queueLength() != null
                && (report.queueLength() < 0 || report.queueLength() > TelemetryReport.MAX_QUEUE_LENGTH)) {
            violations.add(new Violation(INVALID_QUEUE_LENGTH,
                    "queueLength must be between 0 and " + TelemetryReport.MAX_QUEUE_LENGTH));
        }
        if (report.cycles().size() > TelemetryReport.MAX_ENTRIES
                || report.attempts().size() > TelemetryReport.MAX_ENTRIES) {
            violations.add(new Violation(TOO_MANY_ENTRIES,
                    "at most " + TelemetryReport.MAX_ENTRIES + " cycles and " + TelemetryReport.MAX_ENTRIES
                            + " attempt entries per report"));
        }
        for (TelemetryReport.Cycle cycle : report.cycles()) {
            if (cycle == null || cycle.durationMs() == null || cycle.durationMs() < 0
                    || cycle.durationMs() > MAX_CYCLE_MS || !TelemetryReport.Cycle.OUTCOMES.contains(cycle.outcome())) {
                violations.add(new Violation(INVALID_CYCLE, "a cycle needs durationMs between 0 and " + MAX_CYCLE_MS
                        + " and an outcome of " + TelemetryReport.Cycle.OUTCOMES));
                break;
            }
        }
        for (TelemetryReport.Attempts attempts : report.attempts()) {
            if (attempts == null || !Identifiers.isChangeId(attempts.changeId()) || attempts.attempts() == null
                    || attempts.attempts() < 1 || attempts.attempts() > TelemetryReport.MAX_ATTEMPTS) {
                violations.add(new Violation(INVALID_ATTEMPTS, "an attempts entry needs a valid changeId and "
                        + "attempts between 1 and " + TelemetryReport.MAX_ATTEMPTS));
                break;
            }
        }
        return violations;
    }
}
