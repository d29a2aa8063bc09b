package io.syncmesh.protocol;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a device reports about its own syncing ({@code POST /v1/telemetry}): how many changes wait in its outbox, the
 * sync cycles since its last report, and how many attempts changes needed before they were accepted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TelemetryReport(Integer queueLength, List<Cycle> cycles, List<Attempts> attempts) {

    /** At most this many cycles and attempt entries per report. */
    public static final int MAX_ENTRIES = 500;
    /** A queue longer than this is not believed (a device bug, not a queue). */
    public static final int MAX_QUEUE_LENGTH = 10_000_000;
    /** An attempt count above this is not believed. */
    public static final int MAX_ATTEMPTS = 100_000;

    public TelemetryReport {
        cycles = cycles == null ? List.of() : List.copyOf(cycles);
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /**
     * One sync cycle: when it started, how long it took, and how it ended ({@code ok}, {@code partial},
     * {@code failed}).
     */
    public record Cycle(Instant startedAt, Long durationMs, String outcome) {

        public static final List<String> OUTCOMES = List.of("ok", "partial", "failed");
    }

    /** How many attempts (pushes) one change needed. */
    public record Attempts(String changeId, Integer attempts) {
    }
}
