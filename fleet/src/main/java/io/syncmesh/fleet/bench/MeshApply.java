package io.syncmesh.fleet.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The mesh side of R1: pushes a workload through the gateway, then waits until the sync-service has recorded an
 * {@code applied} (or {@code merged}) outcome for every change. The time is from the first push to the last outcome's
 * {@code recorded_at}: the whole way, HTTP, Kafka, the sync-service and PostgreSQL.
 */
public final class MeshApply {

    private static final Duration POLL = Duration.ofMillis(50);

    private final Pusher pusher;
    private final Supplier<Connection> database;

    public MeshApply(URI gateway, Supplier<Connection> database) {
        this.pusher = new Pusher(gateway);
        this.database = database;
    }

    /**
     * The time from the first push to the last applied outcome; fails if a push is refused or an outcome is missing.
     */
    public Duration apply(Workload workload, Function<String, String> tokens, int clients, Duration deadline)
            throws Exception {
        Instant start = Instant.now();
        pusher.push(workload, tokens, clients);
        Instant last = awaitApplied(workload, start.plus(deadline));
        return Duration.between(start, last);
    }

    /** Polls the outcome table until every change is applied or merged; returns the newest outcome's time. */
    private Instant awaitApplied(Workload workload, Instant deadline) throws SQLException, InterruptedException {
        String tenant = workload.tenant();
        int changes = workload.changes();
        try (Connection connection = database.get(); PreparedStatement query = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE status IN ('applied', 'merged')),
                       count(*) FILTER (WHERE status IN ('rejected', 'conflict')), max(recorded_at)
                FROM sync.change_outcome WHERE tenant = ? AND change_id = ANY (?)""")) {
            query.setString(1, tenant);
            // Only this workload's changes: the tenant may hold others, such as the notes a round edits.
            query.setArray(2, connection.createArrayOf("text", workload.changeIds().toArray()));
            while (true) {
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    long applied = row.getLong(1);
                    long refused = row.getLong(2);
                    if (refused > 0) {
                        throw new IllegalStateException(refused + " changes of " + tenant
                                + " were rejected or sent to the manual queue");
                    }
                    if (applied >= changes) {
                        return row.getTimestamp(3).toInstant();
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("only " + applied + " of " + changes + " changes applied by "
                                + deadline);
                    }
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }
}
