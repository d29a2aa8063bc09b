package io.syncmesh.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
        return signal(pid, "INT", timeoutSeconds);
    }

    /**
     * Sends the postmaster {@code signal} ({@code INT}: fast shutdown; {@code QUIT}: immediate shutdown, which the next
     * start recovers from its write-ahead log, like a crash) and waits for the process to end.
     */
    static boolean signal(long pid, String signal, long timeoutSeconds) {
        if (pid <= 0) {
            return true;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return true;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
            handle.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return !handle.get().isAlive();
        }
    }

    /**
     * Starts {@code postgres} with {@code arguments} (those of an earlier run on the same data dir and port) as a
     * process of its own, and waits until it listens on {@code port}. As root it runs in a user namespace of its own
     * ({@code unshare -U}, as zonky starts it): PostgreSQL refuses to run as root.
     */
    static void start(Path binary, List<String> arguments, int port, Path dataDir, Path log) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binary.toString());
        command.addAll(arguments);
        try {
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (runningOn(dataDir) > 0 && FreePorts.isListening(port)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("PostgreSQL did not start again on port " + port + ":\n" + LogTail.of(log, 20));
    }
}
