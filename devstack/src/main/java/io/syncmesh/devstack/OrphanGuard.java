package io.syncmesh.devstack;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;

/** Signals a server process when this JVM dies in any way, even by SIGKILL, so that no server outlives its owner. */
final class OrphanGuard {

    private final Process shell;

    private OrphanGuard(Process shell) {
        this.shell = shell;
    }

    /**
     * A shell reads its stdin, a pipe from this JVM, until the OS closes it when the JVM is gone, then sends
     * {@code signal} to {@code pid}. Without a POSIX shell (Windows) there is no guard, only the exit actions.
     */
    static OrphanGuard watch(long pid, String signal) {
        if (pid <= 0) {
            // kill with -1 or 0 would signal every process we may signal: never.
            return new OrphanGuard(null);
        }
        try {
            Process shell = new ProcessBuilder("sh", "-c",
                    "cat >/dev/null; kill -" + signal + " " + pid + " 2>/dev/null")
                    .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
            return new OrphanGuard(shell);
        } catch (IOException e) {
            return new OrphanGuard(null);
        }
    }

    /** Call before stopping the server ourselves: the signal must never reach a later process that reuses the pid. */
    void disarm() {
        if (shell == null) {
            return;
        }
        // Kill the shell first so it never runs its kill; closing the pipe then ends its cat.
        shell.destroyForcibly();
        try {
            shell.getOutputStream().close();
        } catch (IOException ignored) {
            // the pipe closes at exit anyway
        }
    }
}
