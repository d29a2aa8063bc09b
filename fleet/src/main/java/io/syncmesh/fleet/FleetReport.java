package io.syncmesh.fleet;

import java.time.Duration;
import java.util.List;

/** The outcome of a fleet run, for people (render) and for tests. */
public record FleetReport(FleetSettings settings, Duration ran, int changes, int applied, int merged, int manual,
        int rejected, int lostAnswers, int lateReplays, List<FaultOutcome> faults, CheckResult check) {

    public String render() {
        StringBuilder text = new StringBuilder();
        text.append("fleet report\n");
        text.append("  devices ").append(settings.devices()).append(", ran ").append(ran.toSeconds())
                .append(" s, seed ").append(settings.seed()).append(", offline ratio ").append(settings.offlineRatio())
                .append(", conflict ratio ").append(settings.conflictRatio()).append('\n');
        text.append("  changes ").append(changes).append(": applied ").append(applied).append(", merged ")
                .append(merged).append(", manual ").append(manual).append(", rejected ").append(rejected).append('\n');
        text.append("  network: ").append(lostAnswers).append(" push answers lost, ").append(lateReplays)
                .append(" earlier pushes delivered again late\n");
        for (FaultOutcome fault : faults) {
            text.append("  fault ").append(fault.name()).append(": ")
                    .append(fault.recovered() ? "recovered in " + fault.recovery().toMillis() + " ms" : "NOT recovered")
                    .append('\n');
        }
        text.append("  checker: lost ").append(check.lost()).append(", duplicated ").append(check.duplicated())
                .append(", multiple outcomes ").append(check.multipleOutcomes()).append(", reordered ")
                .append(check.reordered()).append(", diverged ").append(check.diverged()).append(", policy violations ")
                .append(check.policyViolations()).append(" -> ").append(check.passed() ? "PASSED" : "FAILED")
                .append('\n');
        check.examples().forEach(example -> text.append("    ").append(example).append('\n'));
        return text.toString();
    }
}
