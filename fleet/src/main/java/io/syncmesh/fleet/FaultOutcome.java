package io.syncmesh.fleet;

import java.time.Duration;

/** A fault of a run and the time from its injection until a change went through end to end again. */
public record FaultOutcome(String name, Duration recovery, boolean recovered) {
}
