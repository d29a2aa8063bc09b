package io.syncmesh.protocol;

/**
 * Reactive Messaging channel names, one per topic. They differ from the topic names only in using dashes: a dot in a
 * channel name would have to be quoted in every MicroProfile Config key ({@code mp.messaging.incoming."sync.changes"}).
 */
public final class Channels {

    public static final String CHANGES = "sync-changes";
    public static final String RESULTS = "sync-results";
    public static final String CONFLICTS = "sync-conflicts";
    public static final String TELEMETRY = "sync-telemetry";
    public static final String ALERTS = "sync-alerts";
    public static final String CHANGES_DLQ = "sync-changes-dlq";

    private Channels() {
    }
}
