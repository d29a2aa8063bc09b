package io.syncmesh.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The PostgreSQL server process running on a data dir, found by its postmaster.pid, and how to stop it by signal. */
final class Postmaster {

    private Postmaster() {
    }

    /** The pid of the server running on {@code dataDir}, or -1 when none runs there. */
    static long runningOn(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile);
            pid = Long.parseLong(lines.get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        // The command line guards against a stale pid file whose pid now belongs to another process.
        if (handle.isPresent() && handle.get().isAlive()
                && handle.get().info().commandLine().orElse("").contains(dataDir.toString())) {
            return pid;
        }
        return -1;
    }

    /**
     * Fast shutdown (SIGINT: open sessions are aborted, committed data kept) and waits for the process to end. Uses
     * only JDK classes and no lambdas: at JVM exit Quarkus may already have closed the class loader of this code.
     */
    static boolean stop(long pid, long timeoutSeconds) {
        if (pid <= 0) {
            return true;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return true;
        }
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            handle.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return !handle.get().isAlive();
        }
    }
}
