package io.syncmesh.devstack;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stops a child process: politely first (SIGTERM), by force (SIGKILL) when it does not stop in time. */
final class Processes {

    private Processes() {
    }

    static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(process, grace)) {
            kill(process);
        }
    }

    static void kill(Process process) {
        process.destroyForcibly();
        waitFor(process, Duration.ofSeconds(10));
    }

    static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
