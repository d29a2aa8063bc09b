package io.syncmesh.support.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Knows when the service is stopping. Work that fails then (the database pool closes under it) is not the data's fault:
 * it must not be dead-lettered or retried, only left uncommitted, so that it is delivered again after the restart.
 */
@ApplicationScoped
public class ShutdownGuard {

    private volatile boolean stopping;

    public void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }
}
