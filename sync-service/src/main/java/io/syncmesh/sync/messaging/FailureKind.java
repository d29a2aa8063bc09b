package io.syncmesh.sync.messaging;

import io.vertx.pgclient.PgException;

/** Tells failures worth retrying (the database or network is briefly unavailable) from failures of the data. */
public final class FailureKind {

    private FailureKind() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState() == null ? "" : pg.getSqlState();
                // 08 connection, 40 serialization/deadlock, 53 resources, 57 operator intervention, 55P03 lock timeout
                return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.equals("55P03");
            }
            // Vert.x' pool state: closed under the batch (the service stops) or waiting too long for a connection.
            if (t instanceof io.vertx.core.impl.NoStackTraceThrowable && ("Pool closed".equals(t.getMessage())
                    || "Timeout".equals(t.getMessage()))) {
                return true;
            }
            // Any I/O failure is the network's: refused, reset by a restarting server (SocketException, Netty's native
            // IOException), a closed channel. Taken for the data's fault, it would dead-letter a sound change.
            if (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether PostgreSQL refused the data itself (SQL state class 22, data exception: e.g. 22P05, a text it cannot
     * store): the change is at fault, not the system, so applying it again can never succeed.
     */
    public static boolean isRefusedData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getSqlState() != null && pg.getSqlState().startsWith("22");
            }
        }
        return false;
    }

    /** A log-safe description: the exception type and SQL state, never a message that could quote data. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return "PostgreSQL " + pg.getSqlState();
            }
        }
        if (failure instanceof io.vertx.core.impl.NoStackTraceThrowable && failure.getMessage() != null
                && failure.getMessage().length() < 80) {
            // Vert.x' own short states ("Pool closed", "Timeout"): they never carry data.
            return "Vert.x: " + failure.getMessage();
        }
        return failure.getClass().getSimpleName();
    }
}
