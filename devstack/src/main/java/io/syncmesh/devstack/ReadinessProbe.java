package io.syncmesh.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Polls a readiness URL of a child process until it answers 200, noticing at once when the process exits. */
final class ReadinessProbe {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    ReadinessProbe(String url) {
        this.uri = URI.create(url);
    }

    void await(Process process, Duration timeout) throws ExitedException, NotReadyException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                int status = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                // Alive too: else a stranger that took the port in the meantime would pass for our process.
                if (status == 200 && process.isAlive()) {
                    return;
                }
                last = "last answer " + status;
            } catch (IOException e) {
                last = "no answer: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotReadyException("interrupted while waiting for " + uri);
            }
            // Waiting on the process, not sleeping: a crash during startup ends the wait at once.
            if (Processes.waitFor(process, POLL)) {
                throw new ExitedException(process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new NotReadyException(uri + ": " + last);
            }
        }
    }

    /** The process ended before it was ready. */
    static final class ExitedException extends Exception {

        private final int exitCode;

        ExitedException(int exitCode) {
            super("exited with code " + exitCode);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /** The process runs but was not ready in time. */
    static final class NotReadyException extends Exception {

        NotReadyException(String message) {
            super(message);
        }
    }
}
