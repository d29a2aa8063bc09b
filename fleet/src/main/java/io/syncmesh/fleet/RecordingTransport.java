package io.syncmesh.fleet;

import java.time.Duration;
import java.util.List;

import io.syncmesh.client.transport.BatchRefusedException;
import io.syncmesh.client.transport.PushResult;
import io.syncmesh.client.transport.SyncTransport;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.TelemetryReport;

/** Passes calls on and writes every receipt the device is told (in push answers and pull pages) to its journal. */
final class RecordingTransport implements SyncTransport {

    private final SyncTransport delegate;
    private final DeviceJournal journal;

    RecordingTransport(SyncTransport delegate, DeviceJournal journal) {
        this.delegate = delegate;
        this.journal = journal;
    }

    @Override
    public PushResult push(List<Change> changes, Duration wait) {
        PushResult result;
        try {
            result = delegate.push(changes, wait);
        } catch (BatchRefusedException refused) {
            if (changes.size() == 1) {
                // The SDK closes a change refused alone as rejected: that is what the device was told.
                Change change = changes.get(0);
                String code = refused.violations().isEmpty() ? "refused" : refused.violations().get(0).code();
                journal.received(Receipt.rejected(change.changeId(), change.collection(), change.entityId(), code));
            }
            throw refused;
        }
        result.receipts().forEach(journal::received);
        result.rejected().forEach(rejected -> changes.stream()
                .filter(change -> change.changeId().equals(rejected.changeId())).findFirst()
                .ifPresent(change -> journal.received(Receipt.rejected(change.changeId(), change.collection(),
                        change.entityId(), rejected.code()))));
        return result;
    }

    @Override
    public PullPage pull(List<String> collections, String cursor, int limit) {
        PullPage page = delegate.pull(collections, cursor, limit);
        if (page.receipts() != null) {
            page.receipts().forEach(journal::received);
        }
        return page;
    }

    @Override
    public void telemetry(TelemetryReport report) {
        delegate.telemetry(report);
    }
}
