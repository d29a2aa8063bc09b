package io.syncmesh.fleet;

import java.time.Duration;

/**
 * A failure injected into the mesh during a run, at {@code after} from the start: {@code inject} breaks something
 * (kills a service, restarts the broker) and returns once the broken part has been started again; the run then measures
 * how long until a change goes through end to end.
 */
public record Fault(String name, Duration after, Runnable inject) {
}
