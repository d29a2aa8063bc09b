package io.syncmesh.client.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.syncmesh.client.local.OutboxChange;
import io.syncmesh.protocol.TelemetryReport;

/**
 * Device health gathered between reports: sync cycles and how many pushes each finished change needed. Kept in memory
 * and bounded (a device long offline keeps the most recent entries); losing it on a restart loses only statistics.
 */
public final class TelemetryBuffer {

    private final List<TelemetryReport.Cycle> cycles = new ArrayList<>();
    private final List<TelemetryReport.Attempts> attempts = new ArrayList<>();

    synchronized void cycle(Instant startedAt, Duration duration, String outcome) {
        add(cycles, new TelemetryReport.Cycle(startedAt, duration.toMillis(), outcome));
    }

    synchronized void finished(OutboxChange change) {
        if (change.attempts() > 0) {
            add(attempts, new TelemetryReport.Attempts(change.changeId(), change.attempts()));
        }
    }

    /** A report of everything gathered, with the outbox length, and forgets it; empty when nothing was gathered. */
    synchronized TelemetryReport drain(int queueLength) {
        TelemetryReport report = new TelemetryReport(queueLength, List.copyOf(cycles), List.copyOf(attempts));
        cycles.clear();
        attempts.clear();
        return report;
    }

    /** Puts back a report that could not be sent (older entries first, still bounded). */
    synchronized void restore(TelemetryReport report) {
        prepend(cycles, report.cycles());
        prepend(attempts, report.attempts());
    }

    synchronized boolean isEmpty() {
        return cycles.isEmpty() && attempts.isEmpty();
    }

    /** Puts {@code older} before the list's entries, keeping the most recent ones. */
    private static <T> void prepend(List<T> list, List<T> older) {
        List<T> all = new ArrayList<>(older);
        all.addAll(list);
        list.clear();
        list.addAll(all.subList(Math.max(0, all.size() - TelemetryReport.MAX_ENTRIES), all.size()));
    }

    private static <T> void add(List<T> list, T entry) {
        if (list.size() == TelemetryReport.MAX_ENTRIES) {
            list.remove(0);
        }
        list.add(entry);
    }
}
